from dashboard.textsafe import Highlight, Segment, escape_markdown, evidence_html


def test_article_html_is_escaped_and_only_our_tags_remain():
    text = 'Rakor <script>alert(1)</script> <img src=x onerror="alert(2)"> di Aula'
    out = evidence_html(text, [Highlight(0, 5, "kegiatan", "activity")])
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "onerror=&quot;alert(2)&quot;" in out
    assert '<mark class="ev ev-activity"' in out and ">Rakor</mark>" in out


def test_overlapping_and_out_of_range_highlights_do_not_break_text():
    text = "Kamis (27/2) di Nusa Dua"
    out = evidence_html(
        text,
        [Highlight(0, 12, "tanggal", "date"), Highlight(6, 20, "x", "location"), Highlight(50, 80, "y", "agency")],
        [Segment(13, 24, "related")],
    )
    plain = out.replace('<span class="muted" style="color:#8A8A8A">', "").replace("</span>", "")
    assert "Kamis (27/2)</mark>" in out
    assert out.count("<mark") == 1
    assert "Nusa Dua" in plain


def test_escape_markdown_makes_links_inert():
    s = escape_markdown("[klik](javascript:alert(1)) **tebal** <b>x</b>")
    assert "](" not in s and "<b>" not in s and "\\*\\*" in s


def test_escape_markdown_breaks_autolinks():
    # bare URLs, www. names and e-mail addresses would become links in GFM
    for raw in ("https://evil.example/x", "lihat www.evil.example", "kirim ke a@evil.example", "HTTP://X.Y"):
        s = escape_markdown(raw)
        assert "://" not in s and "www." not in s.lower() and "@e" not in s
        assert s.replace("\u2060", "").replace("\\", "") == raw
