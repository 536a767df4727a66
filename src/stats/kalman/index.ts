// Kalman-filter dynamic hedge ratio (random-walk intercept and slope).

export {
  KalmanHedge,
  kalmanHedge,
  type KalmanHedgeOptions,
  type KalmanStep,
  type KalmanSeries,
} from './kalman-hedge.js';
