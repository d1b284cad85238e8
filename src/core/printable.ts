// Text from outside (an API server's Status message, object names, a credential plugin's
// stderr) made safe to print on a terminal or show in a one-line message: ANSI/VT escape
// sequences removed, other control characters and the bidirectional overrides replaced by a
// space, so nothing recolours, moves the cursor, rewrites the title or hides text. Linear time.

// CSI (ESC [ or 0x9B) parameters, intermediates, final byte; OSC/DCS/APC/PM/SOS strings up to
// BEL or ST; any other two-byte ESC sequence.
const ESCAPES = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b[\]P_^X]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -~]?/g;
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, ' ');
}
