import { existsSync } from 'node:fs'
import PDFDocument from 'pdfkit'

// A letter as a PDF, made with pdfkit: A4, the text as written, one paragraph per line, with the case reference
// and the date in its header. The built-in Helvetica covers English and Western European letters (Windows-1252);
// a letter with other characters (Polish, Turkish, Cyrillic) is set in DejaVu Sans when the machine has it.

const UNICODE_FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf']
// Windows-1252 beyond Latin-1, and Latin-1 itself: what the built-in fonts can set.
const WIN_ANSI = /^[\n\r\t\u0020-\u007e\u00a0-\u00ff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]*$/u

function fontFor(text: string): string {
  if (WIN_ANSI.test(text)) return 'Helvetica'
  return UNICODE_FONTS.find(path => existsSync(path)) ?? 'Helvetica'
}

export function letterPdf(letter: { text: string; language: string }, header: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 64,
      lang: letter.language,
      info: { Title: header, Author: 'Lantern' },
      displayTitle: true,
    })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => {
      resolve(Buffer.concat(chunks))
    })
    doc.on('error', reject)
    doc
      .font(fontFor(`${header}\n${letter.text}`))
      .fontSize(9)
      .fillColor('#505a5f')
      .text(header)
    doc.moveDown(2).fontSize(12).fillColor('#0b0c0c')
    for (const line of letter.text.split('\n')) {
      if (line.trim() === '') doc.moveDown(0.6)
      else doc.text(line, { lineGap: 3 })
    }
    doc.end()
  })
}
