export { FeaturesPage } from './features/FeaturesPage';
export { SteeringPage } from './steering/SteeringPage';
