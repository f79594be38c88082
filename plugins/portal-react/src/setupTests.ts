import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The test command runs every package's tests on two shared cores: a page's
// first render can take seconds there, which is slowness, not a failure.
configure({ asyncUtilTimeout: 10_000 });
