# Vietnamese formats over Django's own (django/conf/locale/vi/formats.py): numbers grouped by
# thousands (1.234.567,5) and dates as the province's documents write them (31/12/2026).
NUMBER_GROUPING = 3
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
