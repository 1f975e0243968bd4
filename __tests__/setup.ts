import { Testing } from 'cdktf';

// cdktf's Jest matchers: toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ...
Testing.setupJest();
