/** ANSI colours when the output is a terminal that wants them; plain text otherwise. */
export interface Style {
  red: (text: string) => string;
  green: (text: string) => string;
  yellow: (text: string) => string;
  bold: (text: string) => string;
  dim: (text: string) => string;
}

const paint = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function style(color: boolean): Style {
  if (!color) {
    const plain = (text: string) => text;
    return { red: plain, green: plain, yellow: plain, bold: plain, dim: plain };
  }
  return {
    red: paint(31, 39),
    green: paint(32, 39),
    yellow: paint(33, 39),
    bold: paint(1, 22),
    dim: paint(2, 22),
  };
}
