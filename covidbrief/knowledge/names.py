"""Chinese personal names: surnames and the contexts that mark a name.

The surname list holds the commonest single-character surnames (together more
than 90 % of the population, after the Ministry of Public Security's 2020
ranking of household registrations) and the common compound surnames. It is
general knowledge, not taken from any briefing.
"""

from __future__ import annotations

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
    "卢姚沈钟姜崔谭陆范汪廖石金贾韦夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔"
    "向常汤康易乔赖文施洪辛柯庄温牛樊葛邢安齐伍申易聂章鲁岳殷欧翟倪耿关焦甘单左包祝兰柴凌霍卢储宁路鲍"
    "丛滕吉谷童隋纪阎梅盛舒苗骆晏连边符岑宫尚项穆封卜迟蒲车丰管裴曲靳饶屈佟初粟商滑芦郎窦奚宗成景臧"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "令狐", "慕容", "夏侯", "长孙", "宇文")

# Words right after a name in briefings: speech and action verbs, honorifics, punctuation.
AFTER_NAME = (
    "介绍", "表示", "说", "指出", "通报", "强调", "回答", "答", "主持", "出席", "发布", "宣布", "作", "在", "就",
    "同志", "先生", "女士", "和", "与", "及", "等", "为", "对", "向", "代表", "解读", "告诉", "透露", "称",
    "报道", "摄",
)
BOUNDARY_CHARS = set(",，、:：;；。.!！?？()（）《》“”\"' \t\n")

# Words right before a name that make it a PERSON (bylines, journalists, editors).
PERSON_CUES = ("记者", "编辑", "责编", "责任编辑", "校对", "审核", "终审", "监制", "主编", "摄影", "摄像", "通讯员",
               "作者", "撰稿", "实习生", "美编")
