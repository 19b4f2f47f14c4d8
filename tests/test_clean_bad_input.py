"""Bad input gets a clear typed error or a valid result, never a crash or a hang."""

import random

import pytest

from covidbrief import DecodeError, EmptyInputError, InputTooLargeError, clean

SAMPLE = "德州市现有本土确诊病例67例,其中禹城市35例。"
TRADITIONAL = "德州市現有本土確診病例67例,其中禹城市35例。"


def test_empty_and_whitespace_give_empty_text():
    assert clean("").text == ""
    assert clean(" \n\u00a0\n\t").text == ""
    assert clean(b"").text == ""


def test_empty_can_be_refused():
    with pytest.raises(EmptyInputError, match="nothing to clean"):
        clean("  \n", allow_empty=False)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_bytes_in_simplified_encodings(encoding):
    assert clean(SAMPLE.encode(encoding)).text == SAMPLE


def test_big5_bytes_are_detected_and_simplified():
    c = clean(TRADITIONAL.encode("big5"))
    assert c.encoding == "big5"
    assert c.text == SAMPLE


def test_mixed_encodings_decode_line_by_line():
    data = SAMPLE.encode("utf-8") + b"\n" + SAMPLE.encode("gbk") + b"\n" + TRADITIONAL.encode("big5")
    c = clean(data)
    assert c.text.split("\n") == [SAMPLE] * 3
    assert c.encoding.startswith("mixed")


def test_random_bytes_raise_a_typed_error():
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(5000))
    with pytest.raises(DecodeError, match="not Chinese text"):
        clean(data)


def test_twenty_megabytes_raise_a_clear_error_fast():
    big = "疫情防控" * 5_000_000  # 20 M characters
    with pytest.raises(InputTooLargeError, match="split it into documents"):
        clean(big)
    with pytest.raises(InputTooLargeError):
        clean(big.encode("utf-8"))


def test_wrong_type():
    with pytest.raises(TypeError, match="str or bytes"):
        clean(42)  # type: ignore[arg-type]


def test_latin_question_marks_are_left_alone():
    text = "Why? Because. 记者:为什么?因为疫情。"
    assert clean(text).text == text
