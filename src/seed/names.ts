// Invented names for synthetic partnerships, repeating as real names do. A real partnership has thousands of
// children with the same few family names and a long tail of rare ones; a bench whose every name is unique
// flatters search, because any three letters of the name pick one person out. Every family name here is built on
// a root no real family name has ("Faux", "Mock", "Notreal"…), so no record can be mistaken for a real person's.

const FAMILY_ROOTS = [
  'Faux',
  'Mock',
  'Sample',
  'Dummy',
  'Placehold',
  'Fiction',
  'Inventa',
  'Madeup',
  'Notreal',
  'Synth',
  'Pretend',
  'Imagin',
  'Fabul',
  'Testa',
  'Exampl',
  'Shamm',
  'Phant',
  'Quasi',
  'Ersatz',
  'Fakel',
  'Bogus',
  'Feign',
  'Spoof',
  'Dubi',
  'Hoax',
  'Unreal',
  'Contriv',
  'Figment',
  'Nonesuch',
  'Trumped',
]
// prettier-ignore
const FAMILY_MIDDLES = [
  '', 'er', 'in', 'el', 'ow', 'am', 'ith', 'ock', 'an', 'ers', 'ing', 'ab', 'et', 'ol', 'um',
  'ar', 'is', 'ot', 'ey', 'ash', 'ick', 'ell', 'ap', 'om', 'ud',
]
const FAMILY_ENDINGS = [
  'ley',
  'worth',
  'by',
  'ton',
  'ridge',
  'son',
  'wood',
  'holt',
  'well',
  'combe',
  'stead',
  'field',
  'more',
  'ham',
  'hurst',
  'wick',
  'den',
  'ford',
  'thorpe',
  'croft',
  'bury',
  'dale',
  'shaw',
  'low',
  'gate',
  'mere',
  'brook',
  'cott',
  'land',
  'ington',
  'stow',
  'ney',
  'side',
  'wyn',
  'thwaite',
  'hope',
  'rigg',
  'bourne',
  'cliffe',
  'marsh',
]

// Plants, birds and made-up words: plainly given names, never a whole real person's name with the families above.
const GIVEN_NAMES = [
  'Pip',
  'Wren',
  'Rook',
  'Linnet',
  'Corvin',
  'Marigold',
  'Juniper',
  'Bramble',
  'Quill',
  'Tansy',
  'Fennel',
  'Sorrel',
  'Thistle',
  'Nettle',
  'Clover',
  'Hazel',
  'Alder',
  'Rowan',
  'Teasel',
  'Yarrow',
  'Sparrow',
  'Kestrel',
  'Plover',
  'Dunlin',
  'Merlin',
  'Robin',
  'Finch',
  'Starling',
  'Lark',
  'Heron',
  'Bracken',
  'Briar',
  'Campion',
  'Daisy',
  'Foxglove',
  'Heather',
  'Ivy',
  'Laurel',
  'Myrtle',
  'Poppy',
  'Primrose',
  'Saffron',
  'Sage',
  'Violet',
  'Willow',
  'Ash',
  'Birch',
  'Cedar',
  'Elm',
  'Holly',
  'Larch',
  'Maple',
  'Oakley',
  'Pine',
  'Aspen',
  'Basil',
  'Burdock',
  'Chervil',
  'Dill',
  'Hyssop',
  'Lovage',
  'Mallow',
  'Orris',
  'Rue',
  'Sweetbriar',
  'Tarragon',
  'Vetch',
  'Woad',
  'Zinnia',
  'Aster',
  'Bryony',
  'Celandine',
  'Dahlia',
  'Eglantine',
  'Flax',
  'Gorse',
  'Iris',
  'Jasmine',
  'Kale',
  'Lupin',
  'Marram',
  'Nigella',
  'Oxlip',
  'Peony',
  'Quince',
  'Reed',
  'Sedge',
  'Tamsin',
  'Umber',
  'Valerian',
  'Wisteria',
  'Xanthe',
  'Yew',
  'Zephyr',
  'Blyth',
  'Corrie',
  'Dorran',
  'Elsin',
  'Farrow',
  'Gilly',
]

/**
 * Every invented family name, in a fixed order: 30 roots, 25 joins, 40 endings. The first in the list are
 * the commonest in `nameSampler`, so the list is shuffled by a fixed permutation to spread the roots.
 */
export function familyNames(): string[] {
  const names: string[] = []
  for (const root of FAMILY_ROOTS)
    for (const middle of FAMILY_MIDDLES) for (const ending of FAMILY_ENDINGS) names.push(`${root}${middle}${ending}`)
  // A fixed shuffle (multiplying by a number coprime to the length) so the commonest names come from every root.
  const stride = 7919
  const shuffled = names.map((_, i) => names[(i * stride) % names.length]).filter(name => name !== undefined)
  return [...new Set(shuffled)]
}

export function givenNames(): readonly string[] {
  return GIVEN_NAMES
}

/**
 * Picks by a Zipf-like law: the item of rank r (from 1) is chosen with weight 1 / r^skew. With skew 0.8 over the
 * 29,000 family names, the commonest is shared by about one family in 35 (a real county's commonest is nearer one
 * in 80), 500 names by over 50 families each in 250,000, and most names by ten or fewer.
 */
export function zipfSampler<T>(items: readonly T[], skew: number, random: () => number): () => T {
  const cumulative: number[] = []
  let total = 0
  for (let r = 1; r <= items.length; r++) {
    total += 1 / r ** skew
    cumulative.push(total)
  }
  return () => {
    const target = random() * total
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const mid = (low + high) >> 1
      if ((cumulative[mid] ?? total) < target) low = mid + 1
      else high = mid
    }
    return items[low] as T
  }
}

/**
 * A deterministic pseudo-random sequence in [0, 1) (mulberry32), so the same seed always makes the same
 * partnership. 32-bit integer arithmetic throughout: a multiplier on a JavaScript number would lose bits above 2^53.
 */
export function sequence(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** A source of invented names for one synthetic partnership: family names by Zipf, given names by a gentler law. */
export function nameSampler(random: () => number): { family: () => string; given: () => string } {
  return { family: zipfSampler(familyNames(), 0.8, random), given: zipfSampler(GIVEN_NAMES, 0.6, random) }
}
