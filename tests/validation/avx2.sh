#!/bin/bash
# Runs `motionlab validate` on an AVX-512 machine as an AVX2 machine would,
# to check or record floor.json's avx2 figures there (ARGS as validate's:
# tests/validation/avx2.sh --variants all --floor tests/validation/floor.json
# [--update-floor]; MOTIONLAB names another binary). ONNX Runtime's MLAS
# picks AVX-512 kernels when the CPU has them; a copy of the library with
# that one branch made unconditional (the jump after its `test $0x10000` of
# CPUID leaf 7's AVX512F bit) runs the AVX2/FMA kernels instead; OpenCV's
# dispatcher is told to leave AVX-512 out too (the camera-motion stage's
# optical flow came out the same without that). Checked on 2026-12-06:
# the originals' figures so made equal those an AVX2 machine recorded,
# figure for figure (TestAVX2ScriptReproducesTheAVX2Floor keeps checking).
set -euo pipefail
lib=${MOTIONLAB_ORT_LIB:-.cache/lib/libonnxruntime.so.1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$lib" "$tmp/libonnxruntime.so.1"
# test $0x10000,%r10d; je +14; mov %r8,%rax; not %rax; test $0xe0,%al
check='\x41\xf7\xc2\x00\x00\x01\x00\x74\x0e\x4c\x89\xc0\x48\xf7\xd0\xa8\xe0'
offs=$(LC_ALL=C grep -obUaP "$check" "$tmp/libonnxruntime.so.1" | cut -d: -f1)
if [ "$(echo "$offs" | wc -w)" != 1 ]; then
	echo "avx2.sh: MLAS's AVX-512 check is not in $lib exactly once (another ONNX Runtime version?)" >&2
	exit 1
fi
printf '\xeb' | dd of="$tmp/libonnxruntime.so.1" bs=1 seek=$((offs + 7)) conv=notrunc status=none
MOTIONLAB_ORT_LIB=$tmp/libonnxruntime.so.1 \
OPENCV_CPU_DISABLE=AVX512F,AVX512BW,AVX512CD,AVX512DQ,AVX512VL,AVX512-COMMON,AVX512-SKX,AVX512-CNL,AVX512-CLX,AVX512-ICL \
	"${MOTIONLAB:-./bin/motionlab}" validate --kernels avx2 "$@"
