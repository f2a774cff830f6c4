// Policy: each partnership's durations and limits over the defaults. Below the case layer, so the write pipeline,
// concerns and (later) the safeguards all read durations from here and none is written in their code. The
// partnership manager changes them (the partnership module's page and API), each change audited.
export { DEFAULT_POLICY, isPolicyName, type Policy, type PolicyName } from './defaults.ts'
export {
  changePolicy,
  policyOf,
  policyOfPartnership,
  policySettings,
  policyValueProblem,
  setPolicy,
  type PolicyChange,
  type PolicySetting,
} from './policy.ts'
