package site

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
)

// writeFavicon writes /favicon.ico, which browsers ask every site for whether a page names
// an icon or not: without it, every page's first visit logs a 404. The icon is drawn here,
// a 32-pixel mark in the form's green, and kept as a PNG inside an ICO, which every
// browser of this decade reads.
func writeFavicon(w *bufio.Writer) error {
	const size = 32
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	green, white := color.NRGBA{0x00, 0x70, 0x3c, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0xff}
	for y := range size {
		for x := range size {
			c := green
			// An exclamation mark: a bar, a gap, a dot.
			if x >= 13 && x < 19 && (y >= 5 && y < 20 || y >= 23 && y < 28) {
				c = white
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var data bytes.Buffer
	if err := png.Encode(&data, img); err != nil {
		return err
	}
	// ICONDIR, then one ICONDIRENTRY pointing at the PNG just after them.
	header := []any{
		uint16(0), uint16(1), uint16(1),
		uint8(size), uint8(size), uint8(0), uint8(0), uint16(1), uint16(32), uint32(data.Len()), uint32(6 + 16),
	}
	for _, v := range header {
		if err := binary.Write(w, binary.LittleEndian, v); err != nil {
			return err
		}
	}
	_, err := w.Write(data.Bytes())
	return err
}
