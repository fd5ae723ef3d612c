"""Office files in and out: the 自评表 workbook imported, reports exported as .xlsx/.docx.

Pure modules (bytes in, bytes out) except where a module says otherwise; openpyxl and
python-docx write the files, never hand-written OOXML.
"""
