#!/usr/bin/env python3
"""Makes the small generated images bundled with the demo catalog and used by the catalog
tests, with the standard library only (no ImageMagick/PIL on the build machines). Flat shapes
compress to a few KB while meeting WhatsApp's 500x500 minimum. The outputs are checked in;
re-run only to change them: python3 scripts/make-catalog-images.py
"""
import os
import struct
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DEMO = os.path.join(ROOT, "src/catalog/demo_assets")
IMG = os.path.join(ROOT, "tests/fixtures/catalog/img")


def png(path, w, h, paint):
    """paint(x, y) -> (r, g, b)"""
    rows = bytearray()
    for y in range(h):
        rows.append(0)
        for x in range(w):
            rows.extend(paint(x, y))

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    data = b"\x89PNG\r\n\x1a\n"
    data += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(bytes(rows), 9))
    data += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def jpeg_flat(path, w, h, grey):
    """A baseline greyscale JPEG of one flat colour: every 8x8 block is the same DC value,
    so after the first block each is a zero DC difference and an end-of-block."""
    def seg(marker, payload):
        return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload

    out = b"\xff\xd8"
    out += seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    out += seg(0xDB, b"\x00" + b"\x01" * 64)  # quantisation: all ones
    out += seg(0xC0, struct.pack(">BHHB", 8, h, w, 1) + b"\x01\x11\x00")
    dc = 8 * (grey - 128)
    cat = abs(dc).bit_length()
    # DC table: two codes of length 2 ('00' -> category 0, '01' -> category `cat`).
    out += seg(0xC4, b"\x00" + bytes([0, 2] + [0] * 14) + bytes([0, cat]))
    # AC table: one code of length 1 ('0' -> end of block).
    out += seg(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00")
    out += seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    bits = []
    value = dc if dc >= 0 else dc + (1 << cat) - 1
    bits += [0, 1] + [(value >> (cat - 1 - i)) & 1 for i in range(cat)] + [0]
    blocks = ((w + 7) // 8) * ((h + 7) // 8)
    bits += [0, 0, 0] * (blocks - 1)
    while len(bits) % 8:
        bits.append(1)
    scan = bytearray()
    for i in range(0, len(bits), 8):
        byte = int("".join(map(str, bits[i:i + 8])), 2)
        scan.append(byte)
        if byte == 0xFF:
            scan.append(0)
    out += bytes(scan) + b"\xff\xd9"
    with open(path, "wb") as f:
        f.write(out)


def circle(cx, cy, r, inside, outside):
    return lambda x, y: inside if (x - cx) ** 2 + (y - cy) ** 2 <= r * r else outside


os.makedirs(DEMO, exist_ok=True)
os.makedirs(IMG, exist_ok=True)
jpeg_flat(os.path.join(DEMO, "kopi-mug.jpg"), 600, 600, 200)
png(os.path.join(DEMO, "batik-tee.png"), 600, 600,
    lambda x, y: (245, 171, 53) if 140 ** 2 >= (x - 300) ** 2 + (y - 300) ** 2 >= 80 ** 2
    else (31, 58, 147))
png(os.path.join(DEMO, "tote-bag.png"), 640, 640,
    lambda x, y: (44, 62, 80) if 160 <= x <= 480 and 220 <= y <= 560 else (232, 224, 208))
png(os.path.join(IMG, "ok.png"), 600, 600, circle(300, 300, 200, (39, 174, 96), (255, 255, 255)))
jpeg_flat(os.path.join(IMG, "ok.jpg"), 512, 512, 90)
png(os.path.join(IMG, "small.png"), 300, 200, lambda x, y: (192, 57, 43))
png(os.path.join(IMG, "TEE-1.png"), 600, 600, circle(300, 300, 100, (142, 68, 173), (0, 0, 0)))
png(os.path.join(IMG, "TEE-1-2.png"), 600, 600, circle(200, 200, 100, (211, 84, 0), (0, 0, 0)))
with open(os.path.join(IMG, "fake.jpg"), "w") as f:
    f.write("this is not an image, whatever its name says\n")
# A GIF header: an image, but not one WhatsApp catalogs take.
with open(os.path.join(IMG, "anim.gif"), "wb") as f:
    f.write(b"GIF89a" + struct.pack("<HH", 600, 600) + b"\x00\x00\x00;")
