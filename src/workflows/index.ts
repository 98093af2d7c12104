export { circuitBreaker } from './circuit-breaker';
export { messageDelivery } from './message-delivery';
