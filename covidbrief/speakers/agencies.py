"""Full names of agencies written in standard short forms, resolved with the document's place.

``市卫健委`` in a Dalian briefing -> ``大连市卫生健康委员会``. The table lists the
standard abbreviations of Chinese government bodies (as used by the bodies
themselves); a short form keeps its place prefix (市/省/区/县) or named place.
"""

from __future__ import annotations

from functools import lru_cache

# short form -> full body name (without the place)
ABBREVIATIONS: dict[str, str] = {
    "卫健委": "卫生健康委员会", "卫计委": "卫生和计划生育委员会", "工信局": "工业和信息化局", "工信厅": "工业和信息化厅",
    "经信局": "经济和信息化局", "经信厅": "经济和信息化厅", "经信委": "经济和信息化委员会", "发改委": "发展和改革委员会",
    "人社局": "人力资源和社会保障局", "人社厅": "人力资源和社会保障厅", "住建局": "住房和城乡建设局",
    "住建厅": "住房和城乡建设厅", "市场监管局": "市场监督管理局", "文旅局": "文化和旅游局", "文旅厅": "文化和旅游厅",
    "农业农村局": "农业农村局", "交通局": "交通运输局", "教体局": "教育和体育局", "生态环境局": "生态环境局",
    "应急局": "应急管理局", "医保局": "医疗保障局", "退役军人局": "退役军人事务局", "自然资源局": "自然资源和规划局",
    "疾控中心": "疾病预防控制中心", "防指": "疫情防控指挥部", "防指办": "疫情防控指挥部办公室",
    "新闻办": "人民政府新闻办公室", "政府新闻办": "人民政府新闻办公室", "外办": "人民政府外事办公室",
    "政府外办": "人民政府外事办公室", "政府": "人民政府", "商务局": "商务局", "公安局": "公安局", "民政局": "民政局",
    "财政局": "财政局", "财政厅": "财政厅", "教育局": "教育局", "教育厅": "教育厅", "统计局": "统计局",
    "大数据局": "大数据管理局", "网信办": "互联网信息办公室", "编办": "机构编制委员会办公室", "国资委": "国有资产监督管理委员会",
    "侨办": "人民政府侨务办公室", "台办": "台湾事务办公室", "信访局": "信访局",
}
LEVEL_PREFIX = {"省": "province", "市": "prefecture", "区": "county", "县": "county"}


@lru_cache(maxsize=1)
def _parents() -> dict[str, tuple[str, str]]:
    """place name -> (level, parent place name)."""
    from ..knowledge.places import load_places

    rows = load_places(shorts=False)
    by_code = {p.code: p.name for p in rows if p.code}
    return {p.name: (p.level, by_code.get(p.parent, "")) for p in rows}


def place_at_level(place: str, level: str) -> str | None:
    """``place`` or its ancestor at ``level`` (大连市, province -> 辽宁省)."""
    parents = _parents()
    seen = 0
    while place and seen < 4:
        info = parents.get(place)
        if info is None:
            return None
        if info[0] == level or (level == "prefecture" and info[0] == "province" and place.endswith("市")):
            return place
        place, seen = info[1], seen + 1
    return None


def full_name(agency: str, doc_place: str | None) -> str | None:
    """The full name of ``agency`` when it is a standard short form, else None."""
    for prefix, level in LEVEL_PREFIX.items():
        if agency.startswith(prefix) and agency[1:] in ABBREVIATIONS:
            where = place_at_level(doc_place, level) if doc_place else None
            return (where or prefix) + ABBREVIATIONS[agency[1:]] if where else None
    for short, full in sorted(ABBREVIATIONS.items(), key=lambda kv: -len(kv[0])):
        if agency.endswith(short) and len(agency) > len(short) and short != full:
            return agency[: -len(short)] + full
    return None
