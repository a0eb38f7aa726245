package fb

import "encoding/binary"

// converter returns the row conversion from RGBA bytes to f. Each copies
// len(src)/4 pixels; dst holds as many pixels of f. Pixel values are
// stored in the machine's byte order (binary.NativeEndian), as the kernel
// defines them; on little-endian machines the compiler turns each Put
// into one store.
func converter(f Format) func(dst, src []byte) {
	switch f {
	case XRGB8888:
		return rowXRGB8888
	case XBGR8888:
		return rowXBGR8888
	case RGB565:
		return rowRGB565
	case BGR565:
		return rowBGR565
	}
	return nil
}

// The rows read each RGBA pixel as one little-endian word (R in the low
// byte, whatever the machine), then move the components. Slicing both
// rows to n pixels ahead of the loop leaves one bounds check per pixel.

func rowXRGB8888(dst, src []byte) {
	n := min(len(src), len(dst)) / 4
	s, d := src[:4*n], dst[:4*n]
	for i := 0; i < len(s); i += 4 {
		v := binary.LittleEndian.Uint32(s[i:]) | 0xff000000
		binary.NativeEndian.PutUint32(d[i:], v&0xff00ff00|(v&0xff)<<16|(v>>16)&0xff)
	}
}

func rowXBGR8888(dst, src []byte) {
	n := min(len(src), len(dst)) / 4
	s, d := src[:4*n], dst[:4*n]
	for i := 0; i < len(s); i += 4 {
		binary.NativeEndian.PutUint32(d[i:], binary.LittleEndian.Uint32(s[i:])|0xff000000)
	}
}

func rowRGB565(dst, src []byte) {
	n := min(len(src)/4, len(dst)/2)
	s, d := src[:4*n], dst[:2*n]
	for i := range n {
		v := binary.LittleEndian.Uint32(s[4*i:])
		binary.NativeEndian.PutUint16(d[2*i:], uint16(v&0xf8<<8|v>>5&0x7e0|v>>19&0x1f))
	}
}

func rowBGR565(dst, src []byte) {
	n := min(len(src)/4, len(dst)/2)
	s, d := src[:4*n], dst[:2*n]
	for i := range n {
		v := binary.LittleEndian.Uint32(s[4*i:])
		binary.NativeEndian.PutUint16(d[2*i:], uint16(v>>8&0xf800|v>>5&0x7e0|v>>3&0x1f))
	}
}
