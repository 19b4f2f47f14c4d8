"""Property tests: cleaning is idempotent and its offsets map both ways."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from covidbrief import clean

HAN = "疫情防控新闻发布会市卫健委员會統籌經濟運行確診病例現有無症狀本土德州禹城"
PUNCT = ",。、:;“”()!"
line_text = st.text(alphabet=HAN + PUNCT + "0123456789 \u00a0\u3000", min_size=1, max_size=40)
ruby = st.sampled_from(["統(tǒng)", "經(jīng)", "濟(jì)", "會(huì)", "運(yùn)"])
furniture = st.sampled_from(["【字体:", "A+ A-", "扫码关注我们", "阅读:123", "评论留言", "  ", "\u00a0", ""])


@st.composite
def noisy_documents(draw):
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        parts = draw(st.lists(st.one_of(line_text, ruby), min_size=1, max_size=4))
        lines.append("".join(parts))
        if draw(st.booleans()):
            lines.append(draw(furniture))
    sep = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    return sep.join(lines)


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(noisy_documents())
def test_idempotent(doc):
    once = clean(doc).text
    assert clean(once).text == once


@SETTINGS
@given(noisy_documents())
def test_clean_layout(doc):
    for line in clean(doc).text.split("\n") if clean(doc).text else []:
        assert line and line == line.strip()


@SETTINGS
@given(noisy_documents(), st.data())
def test_offsets_round_trip(doc, data):
    c = clean(doc)
    assert np.all(np.diff(c.starts) >= 0) and np.all(c.ends > c.starts)
    if not c.text:
        return
    a = data.draw(st.integers(0, len(c.text) - 1))
    b = data.draw(st.integers(a + 1, len(c.text)))
    s, e = c.to_raw(a, b)
    assert 0 <= s < e <= len(c.raw)
    assert c.to_clean(s, e) == (a, b)
    for i in range(a, b):
        rs, re_ = c.to_raw(i, i + 1)
        raw = c.raw[rs:re_]
        assert c.text[i].isspace() and raw.isspace() or clean(raw).text == c.text[i] or len(raw) == 1
