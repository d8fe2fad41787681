"""Make the English catalogue translate every source text to itself (finished)."""

import sys
import xml.etree.ElementTree as ET

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
        for _ in range(2):
            ET.SubElement(translation, "numerusform").text = source
        translation.text = None
    else:
        translation.text = source
tree.write(path, encoding="utf-8", xml_declaration=True)
