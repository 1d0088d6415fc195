"""Walk 5, finding 12: the day timeline at a phone's width in Russian and Chinese, where titles are longest: no
event block overlaps another of the same level, and no block's text runs past its bottom (a line too long for the
block is cut with an ellipsis; the link's title keeps it whole)."""

from __future__ import annotations

import pytest

TIMELINE = "/itineraries/china-state-visit-2018/timeline?day=2018-06-08&lang={lang}"

# Each block's box, its level, whether its content is taller than the block, and the lowest line's bottom.
MEASURE = """() => [...document.querySelectorAll('.tl-blocks > .tl-block')].map(block => {
  const box = block.getBoundingClientRect();
  const lines = [...block.querySelectorAll('p')].map(p => p.getBoundingClientRect().bottom);
  return {
    uid: block.dataset.uid, depth: block.className.match(/tl-depth-(\\d)/)[1],
    top: box.top, bottom: box.bottom, left: box.left, right: box.right,
    taller: block.scrollHeight > block.clientHeight + 1, lowest: Math.max(...lines),
    titles: [...block.querySelectorAll('.tl-title a')].map(a => [a.textContent, a.title]),
  };
})"""


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["top"] < b["bottom"] - 1
        and b["top"] < a["bottom"] - 1
        and a["left"] < b["right"] - 1
        and b["left"] < a["right"] - 1
    )


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_timeline_blocks_at_phone_width_neither_overlap_nor_overflow(page, server, lang):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + TIMELINE.format(lang=lang))
    blocks = page.evaluate(MEASURE)
    assert len(blocks) >= 6
    overlapping = [
        (a["uid"], b["uid"])
        for i, a in enumerate(blocks)
        for b in blocks[i + 1 :]
        if a["depth"] == b["depth"] and _overlap(a, b)
    ]
    assert overlapping == []
    assert [b["uid"] for b in blocks if b["taller"] or b["lowest"] > b["bottom"] + 1] == []
    assert all(text == title for b in blocks for text, title in b["titles"])  # the whole title, on hover too
