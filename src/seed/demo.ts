import type { Db } from '../db/connection.ts'
import { asPartnership } from '../db/context.ts'
import type { AgencyKind, Role } from '../kernel/roles.ts'
import { addAgency, addUser, createPartnershipAsSystem, findPartnershipAsSystem } from '../modules/directory/index.ts'

export const DEMO_PASSWORD = 'demo-password-1'

interface DemoPartnership {
  name: string
  code: string
  agencies: { key: string; name: string; kind: AgencyKind }[]
  users: { email: string; displayName: string; agency: string; roles: Role[]; csaClinicalExperience?: boolean }[]
}

// The demo partnerships of API.md. Every name is invented.
export const DEMO: DemoPartnership[] = [
  {
    name: 'Northshire',
    code: 'NS',
    agencies: [
      { key: 'csc', name: "Northshire Children's Social Care", kind: 'childrens_social_care' },
      { key: 'police', name: 'Northshire Police', kind: 'police' },
      { key: 'health', name: 'Northshire Health Trust', kind: 'health' },
      { key: 'school', name: 'Lanternfield Primary School', kind: 'education' },
      { key: 'probation', name: 'Northshire Probation Service', kind: 'probation' },
      { key: 'partnership', name: 'Northshire Safeguarding Partnership', kind: 'partnership' },
    ],
    users: [
      { email: 'mash@csc.example', displayName: 'Morgan Frontdoor', agency: 'csc', roles: ['front_door'] },
      { email: 'sw@csc.example', displayName: 'Sam Caseworth', agency: 'csc', roles: ['social_worker'] },
      { email: 'tm@csc.example', displayName: 'Tamsin Teamlead', agency: 'csc', roles: ['team_manager'] },
      { email: 'dc@police.example', displayName: 'Dana Constable', agency: 'police', roles: ['police_investigator'] },
      {
        email: 'nurse@health.example',
        displayName: 'Nell Wardwell',
        agency: 'health',
        roles: ['health_practitioner'],
        csaClinicalExperience: true,
      },
      {
        email: 'dsl@school.example',
        displayName: 'Dev Safeguardson',
        agency: 'school',
        roles: ['designated_safeguarding_lead'],
      },
      { email: 'po@probation.example', displayName: 'Pat Overseer', agency: 'probation', roles: ['probation_officer'] },
      {
        email: 'pm@partnership.example',
        displayName: 'Priya Planwright',
        agency: 'partnership',
        roles: ['partnership_manager'],
      },
      { email: 'auditor@partnership.example', displayName: 'Avery Ledger', agency: 'partnership', roles: ['auditor'] },
      {
        email: 'admin@partnership.example',
        displayName: 'Adrian Keyholder',
        agency: 'partnership',
        roles: ['administrator'],
      },
    ],
  },
  {
    name: 'Southvale',
    code: 'SV',
    agencies: [{ key: 'csc', name: "Southvale Children's Social Care", kind: 'childrens_social_care' }],
    users: [{ email: 'sw@southvale.example', displayName: 'Sol Vallender', agency: 'csc', roles: ['social_worker'] }],
  },
]

/** Creates the demo partnerships; a partnership that already exists is left as it is. */
export async function seedDemo(db: Db): Promise<{ created: string[]; skipped: string[] }> {
  const created: string[] = []
  const skipped: string[] = []
  for (const demo of DEMO) {
    if (await findPartnershipAsSystem(db, demo.name)) {
      skipped.push(demo.name)
      continue
    }
    const partnershipId = await createPartnershipAsSystem(db, demo.name, demo.code)
    await asPartnership(partnershipId, async () => {
      const agencyIds = new Map<string, string>()
      for (const agency of demo.agencies)
        agencyIds.set(agency.key, await addAgency(db, partnershipId, agency.name, agency.kind))
      for (const user of demo.users) {
        await addUser(db, {
          ...user,
          partnershipId,
          agencyId: agencyIds.get(user.agency) ?? '',
          password: DEMO_PASSWORD,
          mfaExempt: true,
        })
      }
    })
    created.push(demo.name)
  }
  return { created, skipped }
}
