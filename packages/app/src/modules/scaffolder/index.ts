export { scaffolderFieldsModule } from './scaffolderFieldsModule';
