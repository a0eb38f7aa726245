// Package evdev reads Linux input devices (/dev/input/eventN): touch
// screens and keyboards, as [raster.PointerEvent]s and [raster.KeyEvent]s
// for the raster driver's window.
//
// Touch: multi-touch protocol B (ABS_MT_SLOT, ABS_MT_TRACKING_ID,
// ABS_MT_POSITION_X/Y), protocol A (contacts separated by SYN_MT_REPORT,
// numbered in the order the device lists them) and single-touch panels
// (ABS_X, ABS_Y, BTN_TOUCH; ignored once the device sent multi-touch
// events, since multi-touch drivers emulate them). Events take effect at
// SYN_REPORT, one frame at a time. A finger is a PointerEvent with
// Touch set and ID its slot: PointerDown, PointerMove, then PointerUp, or
// PointerCancel when the kernel dropped events (SYN_DROPPED: the decoder
// cancels every active touch and ignores the rest of the broken frame),
// when the device disappears, or when Run ends. Taps and long presses are
// the driver's to recognise; this package only reports the fingers.
//
// Coordinates go from the device's axis ranges to the screen in pixels,
// in this order: normalised to [0, 1) (each raw value is the centre of its
// cell, as libinput does), SwapXY, InvertX, InvertY, the Calibration
// matrix (libinput's LIBINPUT_CALIBRATION_MATRIX, six numbers), Rotation
// (clockwise), then scaled to Width × Height and clamped inside the
// screen. See [Options].
//
// Keys: EV_KEY codes of a keyboard, as fyne.KeyName and the rune they type
// on a US layout, with shift and caps lock; num lock (on at start) makes
// the keypad type digits. A key held with control, alt or super types no
// rune: it is a shortcut. Autorepeat presses again.
//
// The [Decoder] is pure: bytes of struct input_event in, events out. It
// keeps bounded state (at most [MaxSlots] fingers and one partial event),
// whatever the bytes. struct input_event is 24 bytes on 64-bit machines
// and 16 on 32-bit ones ([Layout]); a device always speaks the build's
// own ([NativeLayout]). [Device] reads a device, a recorded stream (a
// regular file: `cat /dev/input/event0 > touch.ev`) or a pipe, and feeds
// the decoder.
package evdev
