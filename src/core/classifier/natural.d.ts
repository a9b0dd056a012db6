declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}

declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  const distances: {
    DamerauLevenshteinDistance(
      source: string,
      target: string,
      options?: {
        insertion_cost?: number;
        deletion_cost?: number;
        substitution_cost?: number;
        transposition_cost?: number;
      },
    ): number;
  };
  export default distances;
}
