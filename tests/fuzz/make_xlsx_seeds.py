#!/usr/bin/env python3
"""Write the seed corpus of tests/fuzz/fuzz_xlsx.c into tests/fuzz/corpus/xlsx/.

Two kinds of seed, matching the two ways the fuzz target reads its input:
  *.xlsx  small workbooks as zip files (stored and deflated), some damaged;
  *.parts the XML parts of a workbook separated by lines "@@", in the order
          sheet, shared strings, styles, workbook, workbook relationships,
          package relationships (the target zips them itself).
Python's standard library only.  Run from anywhere; existing seeds of the
same names are overwritten.
"""
import io
import os
import struct
import zipfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "xlsx")
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PNS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def sheet(rows, extra=""):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet {NS} {RNS}><dimension ref="A1:E9"/><sheetData>{rows}'
            f'</sheetData>{extra}<pageMargins left="0.7" right="0.7"/></worksheet>')


def sst(strings):
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return (f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{items}'
            '<si><r><rPr><b/></rPr><t>张</t></r><r><t>三</t></r>'
            '<rPh sb="0" eb="1"><t>zhang</t></rPh></si></sst>')


STYLES = (f'<?xml version="1.0"?><styleSheet {NS}><numFmts count="3">'
          '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
          '<numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/>'
          '<numFmt numFmtId="166" formatCode="[h]:mm:ss;@"/></numFmts>'
          '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="6">'
          '<xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/>'
          '<xf numFmtId="166"/><xf numFmtId="22"/><xf numFmtId="31"/></cellXfs></styleSheet>')


def workbook(sheets=(("考勤", "rId1", None),), pr=""):
    items = "".join(
        f'<sheet name="{n}" sheetId="{i + 1}"{f" state={chr(34)}{s}{chr(34)}" if s else ""} '
        f'r:id="{rid}"/>' for i, (n, rid, s) in enumerate(sheets))
    return (f'<?xml version="1.0"?><workbook {NS} {RNS}><workbookPr{pr}/>'
            f'<sheets>{items}</sheets></workbook>')


def rels(items):
    body = "".join(f'<Relationship Id="{i}" Type="{RT}{t}" Target="{p}"/>' for i, t, p in items)
    return f'<?xml version="1.0"?><Relationships {PNS}>{body}</Relationships>'


WB_RELS = rels([("rId1", "worksheet", "worksheets/sheet1.xml"), ("rId2", "styles", "styles.xml"),
                ("rId3", "sharedStrings", "sharedStrings.xml")])
ROOT_RELS = rels([("rId1", "officeDocument", "xl/workbook.xml")])

ATTENDANCE = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>5</v></c>'
    '<c r="C2" s="1"><v>46266</v></c><c r="D2"><v>8</v></c></row>'
    '<row r="3"><c r="A3" t="s"><v>4</v></c><c r="C3" s="1"><v>46267</v></c>'
    '<c r="D3"><v>7.5</v></c></row>'
    '<row r="5"><c r="A5" t="s"><v>6</v></c><c r="B5" t="s"><v>5</v></c>'
    '<c r="C5" s="4"><v>46268.354166666664</v></c><c r="D5"><f>4+4</f><v>8</v></c></row>')
STRINGS = ["项目编号", "身份证号", "考勤日期", "工时", "P3302822026001", "330282199001011234",
           "P2"]

TYPES = (
    '<row r="1"><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1</f>'
    '<v>公式</v></c><c t="d"><v>2026-09-01T08:30:00</v></c><c t="inlineStr"><is><t>a_x000D_b'
    '</t></is></c><c s="2"><v>46266</v></c><c s="3"><v>1.5</v></c><c s="5"><v>46266</v></c>'
    '<c><v>1234.5600000000001</v></c><c><v>1E-3</v></c></row>'
    '<row><c t="s"><v>7</v></c><c t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r>'
    '<rPh><t>fu</t></rPh></is></c></row>'
    '<row r="9"><c r="XFD9"><v>1</v></c></row>')


def package(rows, strings=STRINGS, styles=STYLES, wb=None, wb_rels=WB_RELS, extra=None):
    parts = {
        "[Content_Types].xml": "<Types/>",
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": wb or workbook(),
        "xl/_rels/workbook.xml.rels": wb_rels,
        "xl/styles.xml": styles,
        "xl/sharedStrings.xml": sst(strings),
        "xl/worksheets/sheet1.xml": sheet(rows),
    }
    parts.update(extra or {})
    return {k: v for k, v in parts.items() if v is not None}


def zipped(parts, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", method) as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data.encode(),
                       compress_type=method)
    return b.getvalue()


def as_parts(p):
    order = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
             "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels"]
    return "\n@@\n".join(p.get(n, "") for n in order).encode()


def damaged(data):
    """Variants of a stored zip: truncated, bad checksum, encrypted flag,
    central directory pointing nowhere."""
    out = {"truncated": data[: len(data) * 2 // 3]}
    crc = bytearray(data)
    i = crc.find(b"pageMargins")
    crc[i + 3] ^= 1
    out["bad-crc"] = bytes(crc)
    enc = bytearray(data)
    for sig, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # general purpose flags
        i = enc.find(sig)
        while i >= 0:
            enc[i + at] |= 1
            i = enc.find(sig, i + 4)
    out["encrypted-flag"] = bytes(enc)
    cd = bytearray(data)
    i = cd.rfind(b"PK\x05\x06")
    struct.pack_into("<I", cd, i + 16, 0x7FFFFFF0)
    out["bad-directory-offset"] = bytes(cd)
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    seeds = {}
    att = package(ATTENDANCE)
    seeds["attendance-deflated.xlsx"] = zipped(att)
    seeds["attendance-stored.xlsx"] = zipped(att, zipfile.ZIP_STORED)
    seeds["attendance.parts"] = as_parts(att)
    types = package(TYPES, wb=workbook(pr=' date1904="1"'))
    seeds["cell-types-1904.xlsx"] = zipped(types)
    seeds["cell-types-1904.parts"] = as_parts(types)
    inline = package('<row r="1"><c r="A1" t="inlineStr"><is><t>项目编号</t></is></c>'
                     '<c r="B1" t="inlineStr"><is><t>工时</t></is></c></row><row r="2">'
                     '<c r="A2" t="inlineStr"><is><t>P1</t></is></c><c r="B2"><v>8</v></c></row>',
                     strings=[], extra={"xl/sharedStrings.xml": None})
    seeds["inline-strings.xlsx"] = zipped(inline)
    hidden = package(ATTENDANCE, wb=workbook((("图", "rId9", None), ("藏", "rId1", "hidden"),
                                              ("数据", "rId4", None))),
                     wb_rels=rels([("rId9", "chartsheet", "charts/c.xml"),
                                   ("rId1", "worksheet", "/xl/worksheets/sheet1.xml"),
                                   ("rId4", "worksheet", "./x/../worksheets/data.xml"),
                                   ("rId2", "styles", "styles.xml")]),
                     extra={"xl/worksheets/data.xml": sheet('<row r="2"><c s="1"><v>1</v></c></row>')})
    seeds["hidden-and-chart-sheets.xlsx"] = zipped(hidden)
    seeds["hidden-and-chart-sheets.parts"] = as_parts(hidden)
    seeds["sheet-only.xlsx"] = zipped({"xl/worksheets/sheet1.xml": sheet(ATTENDANCE)})
    seeds["not-a-workbook.xlsx"] = zipped({"word/document.xml": "<document/>"})
    seeds["empty-zip.xlsx"] = b"PK\x05\x06" + bytes(18)
    seeds["bad-sst-index.parts"] = as_parts(package('<row r="1"><c t="s"><v>99</v></c></row>'
                                                    '<row r="2"><c t="b"><v>7</v></c></row>'
                                                    '<row r="3"><c s="1"><v>60</v></c></row>'))
    seeds["rows-out-of-order.parts"] = as_parts(package('<row r="3"><c><v>1</v></c></row>'
                                                        '<row r="2"><c><v>2</v></c></row>'))
    seeds["doctype.parts"] = as_parts(package(ATTENDANCE, wb='<!DOCTYPE w [<!ENTITY a "x">]>'
                                                             '<workbook>&a;</workbook>'))
    big = "".join(f'<row r="{i}"><c><v>{i}</v></c></row>' for i in range(1, 3001))
    seeds["many-rows-deflated.xlsx"] = zipped(package(big))
    for name, data in damaged(zipped(att, zipfile.ZIP_STORED)).items():
        seeds[f"damaged-{name}.xlsx"] = data
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print(f"{len(seeds)} seeds in {OUT}")


if __name__ == "__main__":
    main()
