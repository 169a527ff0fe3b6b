# English formats over Django's own (django/conf/locale/en/formats.py): the day first, as the
# Vietnamese edition and the province's documents write dates. Django's English default is
# month first (12/10/2026 for 10 December), which read the other way beside the pages, exports
# and documents that write 10/12/2026 (found walking the demo in English).
NUMBER_GROUPING = 3
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j F"
# Typed dates read day first too; the ISO form is what date pickers send.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M",
                          "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"]
