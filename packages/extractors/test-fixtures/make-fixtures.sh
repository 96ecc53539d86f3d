#!/usr/bin/env bash
# Regenerates the committed binary fixtures of @sift/extractors (run from anywhere; takes ~10 s).
# Needs: node with the workspace's dev dependencies, LibreOffice with writer, calc and impress (soffice),
# qpdf, zip. Sources: make-sources.mjs (docx, pptx, pdf, flat ODS) and the hand-written XML below, which
# covers what LibreOffice never writes (inline strings, error cells, a million repeated cells).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

node "$here/make-sources.mjs" "$tmp"
cp "$tmp/sample.docx" "$tmp/sample.pptx" "$here/"

# A private profile and HOME: LibreOffice needs a writable one and must not lock the user's.
lo() {
  HOME="$tmp/home" soffice -env:UserInstallation="file://$tmp/profile" --headless --norestore "$@" >"$tmp/lo.log" 2>&1 || {
    cat "$tmp/lo.log" >&2
    exit 1
  }
}
lo --convert-to odt --outdir "$here" "$tmp/sample.docx"
lo --convert-to doc --outdir "$here" "$tmp/sample.docx"
lo --convert-to rtf --outdir "$here" "$tmp/sample.docx"
lo --convert-to odp --outdir "$here" "$tmp/sample.pptx"
lo --convert-to xlsx --outdir "$here" "$tmp/sample.fods"
lo --convert-to ods --outdir "$here" "$tmp/sample.fods"
lo --convert-to xls --outdir "$here" "$tmp/sample.fods"

qpdf --encrypt user owner 256 -- "$tmp/plain.pdf" "$here/encrypted.pdf"

# edge.xlsx: inline strings, booleans, errors, formula strings, rich and phonetic shared strings, cells
# without references, a sheet listed out of file order.
x="$tmp/edge-xlsx"
mkdir -p "$x/_rels" "$x/xl/_rels" "$x/xl/worksheets"
cat >"$x/[Content_Types].xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>
XML
cat >"$x/_rels/.rels" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
XML
cat >"$x/xl/workbook.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Zweite &amp; erste" sheetId="2" r:id="rId2"/><sheet name="First" sheetId="1" r:id="rId1"/></sheets></workbook>
XML
cat >"$x/xl/_rels/workbook.xml.rels" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
XML
cat >"$x/xl/sharedStrings.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>Name</t></si><si><r><t xml:space="preserve">Grüße </t></r><r><rPr><b/></rPr><t>aus Łódź</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si><si><t xml:space="preserve">  padded&#x20;&amp;&#8364;</t></si></sst>
XML
cat >"$x/xl/worksheets/sheet1.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Inline</t></is></c></row><row r="3"><c r="A3" t="s"><v>1</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#DIV/0!</v></c></row><row><c t="str"><f>A1&amp;"x"</f><v>Namex</v></c><c><v>3.25</v></c><c t="s"><v>2</v></c></row></sheetData></worksheet>
XML
cat >"$x/xl/worksheets/sheet2.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="B1" t="inlineStr"><is><r><t>only</t></r><r><t xml:space="preserve"> B1</t></r></is></c></row></sheetData></worksheet>
XML
rm -f "$here/edge.xlsx"
(cd "$x" && zip -X -q -r "$here/edge.xlsx" '[Content_Types].xml' _rels xl)

# repeated.ods: a sheet of 1,048,576 repeated rows of 16,384 repeated empty cells around a little content, as
# spreadsheet programs write for formatted whole columns.
o="$tmp/repeated-ods"
mkdir -p "$o/META-INF"
printf 'application/vnd.oasis.opendocument.spreadsheet' >"$o/mimetype"
cat >"$o/META-INF/manifest.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>
XML
cat >"$o/content.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet><table:table table:name="Huge"><table:table-column table:number-columns-repeated="16384"/><table:table-row><table:table-cell office:value-type="string"><text:p>Head</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="string"><text:p>same</text:p></table:table-cell><table:table-cell table:number-columns-repeated="100000" office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>
XML
rm -f "$here/repeated.ods"
(cd "$o" && zip -X -q -0 "$here/repeated.ods" mimetype && zip -X -q -r "$here/repeated.ods" META-INF content.xml)

# native.odt: what LibreOffice writes for its own documents and Word conversions do not have: text:h with
# outline levels, nested lists, header rows, spacing elements, footnotes, tracked deletions, a table of contents,
# sections and a text box anchored in a paragraph.
t="$tmp/native-odt"
mkdir -p "$t/META-INF"
printf 'application/vnd.oasis.opendocument.text' >"$t/mimetype"
cat >"$t/META-INF/manifest.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>
XML
cat >"$t/meta.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"><office:meta><dc:title>Native</dc:title><dc:creator>Editor</dc:creator><meta:initial-creator>Ida Król</meta:initial-creator><meta:creation-date>2024-02-29T12:00:00.123456789</meta:creation-date><dc:language>pl-PL</dc:language><meta:document-statistic meta:page-count="3"/></office:meta></office:document-meta>
XML
cat >"$t/content.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" office:version="1.3"><office:automatic-styles><style:style style:name="P9" style:family="paragraph" style:parent-style-name="Chapter"/><style:style style:name="Chapter" style:family="paragraph" style:default-outline-level="2"/></office:automatic-styles><office:body><office:text><text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>deleted words</text:p></text:deletion></text:changed-region></text:tracked-changes><text:table-of-content text:name="TOC"><text:index-body><text:p>Intro ....... 1</text:p></text:index-body></text:table-of-content><text:h text:outline-level="1">Intro</text:h><text:p>Spaced<text:s text:c="3"/>out<text:tab/>tabbed<text:line-break/>next line<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>footnote text</text:p></text:note-body></text:note>.</text:p><text:p text:style-name="P9">Styled chapter</text:p><text:list><text:list-item><text:p>one</text:p><text:list><text:list-item><text:p>one.a</text:p></text:list-item></text:list></text:list-item><text:list-item><text:p>two</text:p></text:list-item></text:list><text:section text:name="S1"><text:h text:outline-level="9">Deep</text:h><table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>K</text:p></table:table-cell><table:table-cell><text:p>V</text:p></table:table-cell></table:table-row></table:table-header-rows><table:table-row><table:table-cell><text:p>a</text:p><text:p>b</text:p></table:table-cell><table:covered-table-cell/><table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell></table:table-row></table:table></text:section><text:p>Anchor<draw:frame><draw:text-box><text:p>Boxed text</text:p></draw:text-box></draw:frame></text:p></office:text></office:body></office:document-content>
XML
rm -f "$here/native.odt"
(cd "$t" && zip -X -q -0 "$here/native.odt" mimetype && zip -X -q -r "$here/native.odt" META-INF content.xml meta.xml)

ls -l "$here" | grep -v -e '\.sh$' -e '\.mjs$'
