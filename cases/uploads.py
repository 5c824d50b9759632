"""Upload checks: size limit and content sniffing (the bytes decide, not the name or the browser)."""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

# magic bytes -> (content type, allowed extensions)
SIGNATURES: list[tuple[bytes, str, tuple[str, ...]]] = [
    (b"%PDF-", "application/pdf", ("pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", ("png",)),
    (b"\xff\xd8\xff", "image/jpeg", ("jpg", "jpeg")),
]
ZIP_TYPES = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/"),
    "odt": ("application/vnd.oasis.opendocument.text", "content.xml"),
}
TOEGESTAAN = "PDF, PNG, JPG, DOCX, XLSX of ODT"


def sniff(upload) -> str:
    """Return the content type the file's bytes show, or raise ValidationError (Dutch)."""
    max_bytes = settings.UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            f"Het bestand is te groot ({upload.size / 1_048_576:.1f} MB); het maximum is {max_bytes / 1_048_576:.0f} MB."
        )
    if upload.size == 0:
        raise ValidationError("Het bestand is leeg.")
    ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, ctype, exts in SIGNATURES:
        if head.startswith(magic):
            if ext not in exts:
                raise ValidationError(f"De inhoud van het bestand past niet bij de extensie .{ext}.")
            return ctype
    if head.startswith(b"PK\x03\x04") and ext in ZIP_TYPES:
        ctype, marker = ZIP_TYPES[ext]
        try:
            with zipfile.ZipFile(upload) as zf:
                names = zf.namelist()
        except zipfile.BadZipFile:
            names = []
        finally:
            upload.seek(0)
        if any(n.startswith(marker) for n in names):
            return ctype
    raise ValidationError(f"Dit bestandstype is niet toegestaan. Toegestaan zijn: {TOEGESTAAN}.")
