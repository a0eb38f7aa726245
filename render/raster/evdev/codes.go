package evdev

// Event types and codes of <linux/input-event-codes.h> that the decoder
// reads.
const (
	evSyn = 0x00
	evKey = 0x01
	evAbs = 0x03

	synReport   = 0
	synMTReport = 2
	synDropped  = 3

	absX           = 0x00
	absY           = 0x01
	absMTSlot      = 0x2f
	absMTPositionX = 0x35
	absMTPositionY = 0x36
	absMTTracking  = 0x39
	absCount       = 0x40

	btnTouch = 0x14a
	keyMax   = 0x100 // codes below are keyboard keys; BTN_* come after
)
