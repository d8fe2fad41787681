#!/usr/bin/env bash
# Regenerate the voice clips in kiosk/assets/voice from espeak-ng (the committed WAVs are what
# the hall plays; a fresh machine does not need espeak-ng). Needs espeak-ng and sox
# (Debian: apt-get install espeak-ng sox) and python3 (the chime).
#
# Every clip is 16 kHz mono 16-bit PCM with the silence at both ends trimmed, so that
# kiosk.devices.voice can chain them into one announcement. Names follow
# kiosk/core/voice.py: zh/ and en/ words, digits and letters, and the chime.
# Chinese uses espeak-ng's cmn-latn-pinyin voice: its default Mandarin voice reads pinyin
# and Latin letters as English ("qing3" as "king three").
set -euo pipefail
out="${1:-$(cd "$(dirname "$0")/.." && pwd)/kiosk/assets/voice}"
for tool in espeak-ng sox python3; do
  command -v "$tool" >/dev/null || { echo "make-voice-clips: $tool is needed" >&2; exit 1; }
done
mkdir -p "$out/zh" "$out/en"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

clip() {  # clip VOICE SPEED "TEXT" NAME
  espeak-ng -v "$1" -s "$2" -w "$tmp/raw.wav" "$3"
  sox -D "$tmp/raw.wav" -r 16000 -c 1 -b 16 "$out/$4.wav" \
    silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse gain -n -2
}

zh=cmn-latn-pinyin
clip $zh 150 "qing3" zh/qing
clip $zh 150 "hao4" zh/hao
clip $zh 150 "dao4" zh/dao
clip $zh 150 "chuang1 kou3 ban4 li3" zh/chuangkou_banli
clip $zh 150 "shi2" zh/shi
digits=(ling2 yi1 er4 san1 si4 wu3 liu4 qi1 ba1 jiu3)
for d in {0..9}; do clip $zh 150 "${digits[$d]}" "zh/$d"; done
for l in {A..Z}; do clip $zh 150 "$l" "zh/$l"; done

en=en-us
clip $en 160 "Ticket" en/ticket
clip $en 160 "please go to counter" en/please_go_to_counter
words=(zero one two three four five six seven eight nine ten eleven twelve thirteen
  fourteen fifteen sixteen seventeen eighteen nineteen)
for n in {0..19}; do clip $en 160 "${words[$n]}" "en/$n"; done
tens=(twenty thirty forty fifty sixty seventy eighty ninety)
for i in {0..7}; do clip $en 160 "${tens[$i]}" "en/$(((i + 2) * 10))"; done
for l in {A..Z}; do clip $en 160 "$l" "en/$l"; done

# The chime: a two-note ding-dong (E6 then C6), 0.7 s, fading out.
python3 - "$out/chime.wav" <<'PY'
import math, struct, sys, wave
rate, out = 16000, []
for freq, start in ((1318.5, 0.0), (1046.5, 0.35)):
    for i in range(int(0.35 * rate)):
        t = i / rate
        out.append(0.45 * math.sin(2 * math.pi * freq * t) * math.exp(-5 * t))
with wave.open(sys.argv[1], "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(rate)
    w.writeframes(b"".join(struct.pack("<h", int(s * 32767)) for s in out))
PY
echo "make-voice-clips: $(find "$out" -name '*.wav' | wc -l) clips in $out"
