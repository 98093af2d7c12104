export { messageDelivery } from './message-delivery';
