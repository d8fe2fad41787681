"""Make the English catalogue translate every source text to itself (finished)."""

import sys
import xml.etree.ElementTree as ET

# English plural forms (one, many) of the numerus sources; others use the source twice.
PLURALS = {
    "%n person(s) ahead of you": ("%n person ahead of you", "%n people ahead of you"),
}

path = sys.argv[1]
tree = ET.parse(path)
for message in tree.iter("message"):
    source = message.findtext("source") or ""
    translation = message.find("translation")
    if translation is None:
        translation = ET.SubElement(message, "translation")
    translation.attrib.pop("type", None)
    if message.get("numerus") == "yes":  # English has two forms: one, many
        for child in list(translation):
            translation.remove(child)
        for form in PLURALS.get(source, (source, source)):
            ET.SubElement(translation, "numerusform").text = form
        translation.text = None
    else:
        translation.text = source
tree.write(path, encoding="utf-8", xml_declaration=True)
