import PDFDocument from 'pdfkit'

// A letter as a PDF, made with pdfkit: A4, the text as written, one paragraph per line, with the case reference
// and the date in its header. The built-in Helvetica covers English and Western European letters; a letter in a
// script it lacks needs a font embedded (not yet done).

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
    doc.font('Helvetica').fontSize(9).fillColor('#505a5f').text(header)
    doc.moveDown(2).fontSize(12).fillColor('#0b0c0c')
    for (const line of letter.text.split('\n')) {
      if (line.trim() === '') doc.moveDown(0.6)
      else doc.text(line, { lineGap: 3 })
    }
    doc.end()
  })
}
