// Reading the numbers the gate inspector writes into its TeX equations (unit and e2e tests).

/** The numbers of an equation's TeX after its symbolic form (`lhs = formula = numbers = result`),
 *  `a \times 10^{-5}` read as `ae-5`. */
export function texNumbers(tex: string): number[] {
  return tex
    .split(' = ')
    .slice(2)
    .join(' ')
    .replace(/\\times 10\^\{([-+]?\d+)\}/g, 'e$1')
    .match(/-?\d+(\.\d+)?(e[-+]?\d+)?/g)!
    .map(Number);
}
