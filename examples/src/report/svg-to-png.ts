import { Resvg } from '@resvg/resvg-js'

/** Sans-serif family asked for by name; DejaVu ships with most Linux distributions. */
const SANS_SERIF = 'DejaVu Sans'

/**
 * Rasterises an SVG document with resvg, using the machine's fonts for its text.
 *
 * @param svg - the SVG document
 * @param scale - pixels per SVG unit; 2 gives a sharp image on high-density screens
 * @returns the PNG file's bytes
 */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    // resvg resolves the generic `sans-serif` through its default family, which is otherwise
    // the first font it finds (a serif face on Debian).
    font: { loadSystemFonts: true, defaultFontFamily: SANS_SERIF, sansSerifFamily: SANS_SERIF },
  })
  return image.render().asPng()
}
