// Dense linear algebra for the statistics library: Householder QR least squares, small
// symmetric matrices and input validation shared by the estimators.
export {
  householderQr,
  applyQ,
  applyQt,
  rEntry,
  firstDependentColumn,
  solveUpper,
  invertUpper,
  inverseGramDiagonal,
  type HouseholderQr,
} from './householder-qr.js';
export { leastSquares, equilibrateColumns, CollinearityError, type LeastSquaresFit } from './least-squares.js';
export {
  matrix,
  get,
  transpose,
  multiply,
  cholesky,
  solveLower,
  solveLowerTransposed,
  solveSymmetricPositiveDefinite,
  type Matrix,
} from './dense.js';
export { symmetricEigen, generalizedSymmetricEigen, type EigenDecomposition } from './symmetric-eigen.js';
export {
  finiteSeries,
  requireLength,
  requireSameLength,
  requireNotConstant,
  isConstant,
  optionalNonNegativeInteger,
  type Series,
} from './series-input.js';
