/** z such that Φ(z) = 0.975: the multiplier of a two-sided 95% normal interval. */
export const Z_95 = 1.959963984540054;
