export { VerifyYourselfCard, verifyRecipe } from './VerifyYourselfCard';
