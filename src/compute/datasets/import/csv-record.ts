/**
 * RFC 4180 record assembly, fed one line at a time (without its line break). A quoted
 * field may span lines (the break is kept as "\n"); a doubled quote inside quotes is one
 * quote. Lenient like Python's csv: a quote inside an unquoted field is literal, and
 * text after a closing quote is appended to the field.
 */
export class CsvRecordParser {
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private atFieldStart = true;

  constructor(private readonly delimiter: string) {}

  /** True while a quoted field is open across a line break. */
  get open(): boolean {
    return this.inQuotes;
  }

  /** Feeds one line; returns the finished record, or null when a quoted field continues. */
  push(line: string): string[] | null {
    const d = this.delimiter;
    let i = 0;
    if (this.inQuotes) this.field += '\n';
    while (i <= line.length) {
      if (this.inQuotes) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          this.field += line.slice(i);
          return null;
        }
        this.field += line.slice(i, q);
        if (line[q + 1] === '"') {
          this.field += '"';
          i = q + 2;
        } else {
          this.inQuotes = false;
          i = q + 1;
        }
        continue;
      }
      if (this.atFieldStart && line[i] === '"') {
        this.inQuotes = true;
        this.atFieldStart = false;
        i++;
        continue;
      }
      const next = line.indexOf(d, i);
      if (next < 0) {
        this.field += line.slice(i);
        break;
      }
      this.field += line.slice(i, next);
      this.endField();
      i = next + d.length;
    }
    this.endField();
    const record = this.fields;
    this.fields = [];
    return record;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.atFieldStart = true;
  }
}
