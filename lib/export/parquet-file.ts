/**
 * Row-at-a-time parquet output on top of AtomicFile. Rows are buffered into row groups of
 * `rowGroupSize`; each group is encoded by hyparquet-writer and its bytes handed to the atomic file,
 * so memory is bounded by one row group, not the dataset.
 */
import { ByteWriter, ParquetWriter, type Writer } from 'hyparquet-writer';
import type { AtomicFile } from './atomic-file';
import { parquetSchemaOf, type SchemaNode } from './parquet-schema';

/**
 * Fixed so the bytes never depend on the library or app version (determinism). Column statistics
 * are off: trainers read whole files, and computing min/max cost ~8% of write time.
 */
const CREATED_BY = 'sift';

export class ParquetFile {
  private readonly bytes: ByteWriter & Writer = new ByteWriter(1 << 20);
  private readonly writer: ParquetWriter;
  private readonly names: string[];
  private batch: Record<string, unknown>[] = [];

  constructor(
    readonly file: AtomicFile,
    columns: readonly SchemaNode[],
    private readonly rowGroupSize = 1000,
  ) {
    this.names = columns.map((c) => c.name);
    // Each row group's bytes go to the atomic file, then the buffer is reused from the start.
    const flush = () => {
      const chunk = new Uint8Array(this.bytes.buffer.slice(0, this.bytes.index));
      this.bytes.index = 0;
      return this.file.write(chunk) ?? Promise.resolve();
    };
    this.bytes.flush = flush;
    this.bytes.finish = flush;
    this.writer = new ParquetWriter({
      writer: this.bytes,
      schema: parquetSchemaOf(columns),
      createdBy: CREATED_BY,
      statistics: false,
    });
  }

  async push(row: Record<string, unknown>): Promise<void> {
    this.batch.push(row);
    this.file.rows++;
    if (this.batch.length >= this.rowGroupSize) await this.writeBatch();
  }

  private async writeBatch(): Promise<void> {
    if (this.batch.length === 0) return;
    const rows = this.batch;
    this.batch = [];
    const columnData = this.names.map((name) => ({ name, data: rows.map((r) => r[name]) }));
    await this.writer.write({ columnData, rowGroupSize: rows.length });
  }

  /** Writes the last row group and the footer; the AtomicFile is then ready to finish. */
  async close(): Promise<void> {
    await this.writeBatch();
    await this.writer.finish();
  }
}
