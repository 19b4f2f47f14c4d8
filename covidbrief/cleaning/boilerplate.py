"""Site boilerplate: widgets, navigation, counters, copyright and disclaimer blocks.

Works on simplified text, line by line. Bylines, editor and source lines are
content (spec section 1) and are never matched here.
"""

from __future__ import annotations

import re

from .alignment import Edit

# Whole lines that are page furniture.
_LINE_PATTERNS = [
    r"【?\s*字[体號号]\s*[:：]?\s*(?:[大中小]\s*)*】?",
    r"(?:发布会|新闻|现场)?视频",
    r"(?:扫码|扫一扫|长按二维码|扫描二维码)\S{0,12}",
    r"(?:分享到|分享至|转发到)\s*[:：]?.{0,40}",
    r"(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏本页|【?打印】?\s*【?关闭】?)",
    r"(?:评论留言|发表评论|我要评论|网友评论|暂时没有留言[!！]?|暂无评论|查看评论|已有\d+人参与)",
    r"(?:原创推荐|相关阅读|相关新闻|推荐阅读|热点推荐|延伸阅读|猜你喜欢|为您推荐|更多精彩)",
    r"(?:阅读|浏览|点击|访问|阅读量|浏览量|浏览次数|点击数|访问量)\s*(?:次数)?\s*[:：]\s*\d+\s*次?",
    r"(?:当前位置|您的位置|你的位置)\s*[:：].*",
    r"(?:首页|主页)\s*(?:[>＞»/|]\s*\S+\s*)+",
    r"(?:上一篇|下一篇)\s*[:：].*",
    r"(?:ID|微信号)\s*[:：]\s*[A-Za-z0-9_\-]+",
    r"“?[^“”\s]{2,20}”?\s*(?:公众号|微信公众号|官方微博|客户端)",
    r".*(?:版权所有|版权声明|免责声明|Copyright|All Rights Reserved|ICP备|ICP证|网安备|公网安备).*",
    r"A\s*\+\s*A\s*-|A\+\s*A-|大\s*中\s*小",
]
_LINE = re.compile("(?:" + "|".join(_LINE_PATTERNS) + r")\s*$", re.I)
# Lines in a footer after a copyright line that only speak of the site's rights.
_FOOTER_BODY = re.compile(r"^\s*(?:[①②③④⑤⑥⑦⑧⑨⑩]|\d+[.、])?.*(?:本网|本站|转载|授权|著作权|版权|稿件|来源\s*[:：]\s*XXX).*$")
# Widgets at the end of an otherwise kept line: "作者:刘思波 李晓玲 A+ A-".
_TRAILING = re.compile(r"(?:\s+A\s*\+\s*A\s*-|\s*【\s*字[体号]\s*[:：]?\s*(?:[大中小]\s*)*】?|\s*【?(?:打印|关闭)】?\s*)\s*$")
# A navigation row: several short items separated by spaces, nothing like a sentence.
_NAV_ITEM = re.compile(r"^[\u4e00-\u9fffA-Za-z]{1,4}$")
_COPYRIGHT = re.compile(r"(?:版权所有|版权声明|免责声明|版权与免责|Copyright)", re.I)


def _is_nav_row(line: str) -> bool:
    items = line.split()
    return len(items) >= 4 and all(_NAV_ITEM.match(i) for i in items) and line.strip() == line.strip()


def boilerplate_edits(text: str) -> list[Edit]:
    """Edits deleting boilerplate lines (with their newline) and trailing widgets."""
    edits: list[Edit] = []
    pos = 0
    in_footer = False
    lines = text.split("\n")
    for number, line in enumerate(lines):
        stripped = line.strip("\u00a0\u3000 \t\r")
        end = pos + len(line) + (1 if number < len(lines) - 1 else 0)
        if stripped:
            if _LINE.match(stripped) or _is_nav_row(stripped) or (in_footer and _FOOTER_BODY.match(stripped)):
                edits.append(Edit(pos, end, "", "boilerplate"))
                if _COPYRIGHT.search(stripped):
                    in_footer = True
            else:
                in_footer = False
                m = _TRAILING.search(line)
                if m and m.start() > 0 and line[: m.start()].strip():
                    edits.append(Edit(pos + m.start(), pos + m.end(), "", "boilerplate"))
        pos += len(line) + 1
    return edits
