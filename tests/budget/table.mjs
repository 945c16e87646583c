// Plain-text tables for the budget report.

/** Bytes as KB (1024) with one decimal. */
export const kb = (/** @type {number} */ bytes) => (bytes / 1024).toFixed(1)

/**
 * @param {Array<[string, number, number]>} rows name, raw bytes, gzip bytes
 * @param {{ raw: number, gzip: number }} [total]
 */
export function formatTable(rows, total) {
  const all = [['file', 'raw B', 'gzip B'], ...rows.map(([name, raw, gzip]) => [name, String(raw), String(gzip)])]
  if (total) all.push(['TOTAL', String(total.raw), `${total.gzip} (${kb(total.gzip)} KB)`])
  const width = all[0].map((_, column) => Math.max(...all.map((row) => row[column].length)))
  return all
    .map((row) => `  ${row[0].padEnd(width[0])}  ${row[1].padStart(width[1])}  ${row[2].padStart(width[2])}`)
    .join('\n')
}
