#!/usr/bin/env python3
"""Writes a damaged copy of a .dtb artifact, for the loader's error tests:

    corrupt-artifact.py IN OUT MODE

MODE is one of truncate-header, truncate-metadata, truncate-code,
truncate-parameters (cut inside that part), magic, version (set to 99),
metadata, code, parameters (flip one byte inside that part). The layout is
runtime/artifact/Format.h's: a 32-byte header whose bytes 16-24 hold the
metadata size, the metadata, then 64-byte aligned sections: the host code
(an ELF file) first, the parameters last."""
import struct
import sys


def main():
    src, dst, mode = sys.argv[1:]
    data = bytearray(open(src, "rb").read())
    metadata_size = struct.unpack_from("<Q", data, 16)[0]
    payload = (32 + metadata_size + 63) // 64 * 64
    code = data.index(b"\x7fELF", payload)
    cuts = {"truncate-header": 10, "truncate-metadata": 32 + metadata_size // 2,
            "truncate-code": code + 100, "truncate-parameters": len(data) - 4}
    flips = {"magic": 1, "metadata": 32 + metadata_size // 2,
             "code": code + 200, "parameters": len(data) - 4}
    if mode in cuts:
        data = data[:cuts[mode]]
    elif mode in flips:
        data[flips[mode]] ^= 0x5A
    elif mode == "version":
        struct.pack_into("<I", data, 8, 99)
    else:
        sys.exit("unknown mode " + mode)
    open(dst, "wb").write(data)


if __name__ == "__main__":
    main()
