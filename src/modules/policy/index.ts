// Policy: each partnership's durations and limits over the defaults. Below the case layer, so the write pipeline,
// concerns and (later) the safeguards all read durations from here and none is written in their code.
export { DEFAULT_POLICY, type Policy, type PolicyName } from './defaults.ts'
export { policyOf, setPolicy } from './policy.ts'
