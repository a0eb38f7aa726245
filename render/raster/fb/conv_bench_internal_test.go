package fb

import "testing"

func BenchmarkRow(b *testing.B) {
	for _, f := range []Format{XRGB8888, RGB565} {
		b.Run(f.String(), func(b *testing.B) {
			src := make([]byte, 4*1280)
			dst := make([]byte, f.BytesPerPixel()*1280)
			conv := converter(f)
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				conv(dst, src)
			}
		})
	}
}
