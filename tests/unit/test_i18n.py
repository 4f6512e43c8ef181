import datetime as dt

from dashboard import i18n


def test_every_string_has_both_languages():
    for key, (id_, en) in i18n.STRINGS.items():
        assert id_.strip() and en.strip(), key
        assert id_.count("{") == en.count("{"), f"placeholders differ in {key}"


def test_number_formats():
    assert i18n.format_number(2000, "id") == "2.000"
    assert i18n.format_number(2000, "en") == "2,000"
    assert i18n.format_number(1234567.5, "id", 1) == "1.234.567,5"


def test_date_formats():
    d = dt.date(2020, 12, 9)
    assert i18n.format_date(d, "id") == "9 Desember 2020"
    assert i18n.format_date(d, "en") == "9 December 2020"
    assert i18n.format_date(d, "id", weekday=True) == "Rabu, 9 Desember 2020"
    assert i18n.format_period(dt.date(2020, 1, 1), dt.date(2020, 3, 31), "id") == "Jan–Mar 2020"
    assert i18n.format_period(dt.date(2019, 12, 1), dt.date(2020, 2, 1), "en") == "Dec 2019\u2009–\u2009Feb 2020"  # CLDR en_GB
    assert i18n.format_period(dt.date(2020, 1, 3), dt.date(2020, 1, 9), "id") == "3–9 Jan 2020"
    assert i18n.format_number(float("nan"), "id") == "–"
    assert i18n.MONTHS_SHORT["id"][4] == "Mei" and i18n.WEEKDAYS["en"][0] == "Monday"


def test_missing_key_falls_back_to_the_key():
    assert i18n.t("no.such.key", "en") == "no.such.key"
    assert i18n.t("ringkasan.regions_of", "en", total="270") == "of 270"
