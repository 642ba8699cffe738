"""How dates and times read in each language (FORMAT_MODULE_PATH): 31.12.2026 and klo 13.00 in
Finnish, 31.12.2026 and kl. 13.00 in Finland-Swedish, 31 December 2026 in English. Forms accept
31.12.2026 and 2026-12-31 in every language. Machine formats (JSON, iCalendar, the datetime
attribute of <time>) stay ISO 8601 and do not use these."""

DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # 31.12.2026 and 1.6.2026
    "%Y-%m-%d",  # 2026-12-31
    "%d.%m.%y",  # 31.12.26
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H.%M",  # 31.12.2026 13.00
    "%d.%m.%Y %H:%M",  # 31.12.2026 13:00
    "%d.%m.%Y klo %H.%M",  # 31.12.2026 klo 13.00
    "%d.%m.%Y kl. %H.%M",  # 31.12.2026 kl. 13.00
    "%d.%m.%Y %H.%M.%S",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",  # <input type="datetime-local">
    "%Y-%m-%d",
]
TIME_INPUT_FORMATS = ["%H.%M", "%H:%M", "%H.%M.%S", "%H:%M:%S"]
FIRST_DAY_OF_WEEK = 1  # Monday
