/**
 * The licence of a LICENSE or COPYING file, recognised from its text. No SPDX licence-text data is
 * installed (spdx-license-ids holds only the identifiers), so each licence is recognised by the words its
 * every copy carries: the title block with its version and date for the licences that have one (the GNU
 * licences quote each other's names, so a name alone is not enough), and the operative sentence for the
 * short permissive ones (MIT, ISC, BSD). The licence whose marker comes first is the file's licence, since
 * LICENSE files often append the notices of bundled code after it; a file that says it is dual licensed
 * and holds two licence texts gives both, joined with OR.
 */

interface LicenceMarker {
  id: string;
  /** Every phrase must occur; the first one's position orders the licences of one file. */
  all: readonly string[];
  /** Phrases that must not occur (a variant of the same text with a clause more or less). */
  none?: readonly string[];
}

const MARKERS: readonly LicenceMarker[] = [
  { id: 'LicenseRef-llama3.3', all: ['llama 3.3 community license'] },
  { id: 'LicenseRef-llama3.2', all: ['llama 3.2 community license'] },
  { id: 'LicenseRef-llama3.1', all: ['llama 3.1 community license'] },
  { id: 'LicenseRef-llama3', all: ['meta llama 3 community license'] },
  { id: 'LicenseRef-llama2', all: ['llama 2 community license'] },
  { id: 'LicenseRef-gemma', all: ['gemma terms of use'] },
  { id: 'LicenseRef-creativeml-openrail-m', all: ['creativeml open rail-m'] },
  { id: 'LicenseRef-bigscience-bloom-rail-1.0', all: ['bigscience rail license'] },
  { id: 'LicenseRef-openrail', all: ['responsible ai license'] },
  { id: 'LicenseRef-apple-ascl', all: ['apple sample code license'] },
  { id: 'CC-BY-NC-SA-4.0', all: ['attribution-noncommercial-sharealike 4.0 international'] },
  { id: 'CC-BY-NC-ND-4.0', all: ['attribution-noncommercial-noderivatives 4.0 international'] },
  { id: 'CC-BY-NC-4.0', all: ['attribution-noncommercial 4.0 international'] },
  { id: 'CC-BY-SA-4.0', all: ['attribution-sharealike 4.0 international'] },
  { id: 'CC-BY-ND-4.0', all: ['attribution-noderivatives 4.0 international'] },
  { id: 'CC-BY-4.0', all: ['attribution 4.0 international'] },
  { id: 'CC0-1.0', all: ['cc0 1.0 universal'] },
  { id: 'AGPL-3.0-only', all: ['gnu affero general public license version 3, 19 november 2007'] },
  { id: 'GPL-3.0-only', all: ['gnu general public license version 3, 29 june 2007'] },
  { id: 'LGPL-3.0-only', all: ['gnu lesser general public license version 3, 29 june 2007'] },
  { id: 'LGPL-2.1-only', all: ['gnu lesser general public license version 2.1, february 1999'] },
  { id: 'LGPL-2.0-only', all: ['gnu library general public license version 2, june 1991'] },
  { id: 'GPL-2.0-only', all: ['gnu general public license version 2, june 1991'] },
  { id: 'MPL-2.0', all: ['mozilla public license version 2.0'] },
  { id: 'MPL-1.1', all: ['mozilla public license version 1.1'] },
  { id: 'EPL-2.0', all: ['eclipse public license - v 2.0'] },
  { id: 'EPL-1.0', all: ['eclipse public license - v 1.0'] },
  { id: 'Apache-2.0', all: ['apache license version 2.0, january 2004'] },
  { id: 'BSL-1.0', all: ['boost software license - version 1.0'] },
  { id: 'Python-2.0', all: ['python software foundation license version 2'] },
  { id: 'Unlicense', all: ['this is free and unencumbered software released into the public domain'] },
  { id: 'WTFPL', all: ['do what the fuck you want to public license'] },
  { id: 'Zlib', all: ["this software is provided 'as-is', without any express or implied warranty", 'the origin of this software must not be misrepresented'] },
  { id: 'BSD-4-Clause', all: ['redistribution and use in source and binary forms', 'all advertising materials mentioning features'] },
  { id: 'BSD-3-Clause', all: ['redistribution and use in source and binary forms', 'used to endorse or promote products derived from this software'], none: ['all advertising materials mentioning features'] },
  { id: 'BSD-2-Clause', all: ['redistribution and use in source and binary forms'], none: ['used to endorse or promote products derived from this software', 'all advertising materials mentioning features'] },
  { id: 'MIT', all: ['permission is hereby granted, free of charge, to any person obtaining a copy', 'the above copyright notice and this permission notice shall be included'] },
  { id: 'MIT-0', all: ['permission is hereby granted, free of charge, to any person obtaining a copy'], none: ['the above copyright notice and this permission notice shall be included'] },
  { id: 'ISC', all: ['distribute this software for any purpose with or without fee is hereby granted, provided that the above copyright notice and this permission notice appear in all copies'] },
  { id: '0BSD', all: ['distribute this software for any purpose with or without fee is hereby granted.'] },
];

/** Words that say the licences of a file are alternatives (`dual licensed`, `at your choice you may use it under`). */
const ALTERNATIVES = /\bdual[- ]licen[cs]ed\b|\bat your (?:choice|option),? you may use\b|\blicen[cs]ed under either\b/;

/** The SPDX id (or `LicenseRef-`, or `A OR B`) of a licence file's text; undefined when no licence fits. */
export function identifyLicenceText(text: string): string | undefined {
  const flat = normalizeLicenceText(text.slice(0, 256 * 1024));
  const found: { id: string; at: number }[] = [];
  for (const marker of MARKERS) {
    if (marker.none?.some((phrase) => flat.includes(phrase))) continue;
    const positions = marker.all.map((phrase) => flat.indexOf(phrase));
    if (positions.some((p) => p < 0)) continue;
    found.push({ id: marker.id, at: Math.min(...positions) });
  }
  if (found.length === 0) return undefined;
  found.sort((a, b) => a.at - b.at);
  if (found.length > 1 && ALTERNATIVES.test(flat.slice(0, found[0]!.at))) return found.slice(0, 2).map((f) => f.id).join(' OR ');
  return found[0]!.id;
}

/** Lowercase, straight quotes, no Markdown emphasis or heading marks, and one space for any run of spaces. */
function normalizeLicenceText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[*#=`_]+/g, ' ')
    .replace(/\s+/g, ' ');
}
