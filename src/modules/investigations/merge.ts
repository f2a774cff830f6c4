import { stillOnRecordKept, type PersonMerge } from '../people/index.ts'

// A merge of two people's records: the investigations naming the merged person (as a child or a suspect) and the
// interviews of the merged child then name the record kept; an investigation that named both keeps its row for
// the merged record, as the undo needs it.

const move: PersonMerge['move'] = async (trx, { fromPersonId, intoPersonId }) => {
  const children = await trx
    .updateTable('investigationChildren as c')
    .set({ childId: intoPersonId })
    .where('c.childId', '=', fromPersonId)
    .where(eb =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('investigationChildren as k')
            .select('k.investigationId')
            .whereRef('k.partnershipId', '=', 'c.partnershipId')
            .whereRef('k.investigationId', '=', 'c.investigationId')
            .where('k.childId', '=', intoPersonId),
        ),
      ),
    )
    .returning('c.investigationId')
    .execute()
  const suspects = await trx
    .updateTable('investigationSuspects as s')
    .set({ personId: intoPersonId })
    .where('s.personId', '=', fromPersonId)
    .where(eb =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('investigationSuspects as k')
            .select('k.investigationId')
            .whereRef('k.partnershipId', '=', 's.partnershipId')
            .whereRef('k.investigationId', '=', 's.investigationId')
            .where('k.personId', '=', intoPersonId),
        ),
      ),
    )
    .returning('s.investigationId')
    .execute()
  const interviews = await trx
    .updateTable('abeInterviews')
    .set({ childId: intoPersonId })
    .where('childId', '=', fromPersonId)
    .returning('id')
    .execute()
  return {
    investigationChildren: children.map(r => r.investigationId),
    investigationSuspects: suspects.map(r => r.investigationId),
    abeInterviews: interviews.map(r => r.id),
  }
}

const moveBack: PersonMerge['moveBack'] = async (trx, { fromPersonId, intoPersonId, moved }) => {
  const asChild = moved.investigationChildren ?? []
  const children = asChild.length
    ? await trx
        .updateTable('investigationChildren')
        .set({ childId: fromPersonId })
        .where('investigationId', 'in', asChild)
        .where('childId', '=', intoPersonId)
        .returning('investigationId')
        .execute()
    : []
  stillOnRecordKept('investigations', asChild, children.length)
  const asSuspect = moved.investigationSuspects ?? []
  const suspects = asSuspect.length
    ? await trx
        .updateTable('investigationSuspects')
        .set({ personId: fromPersonId })
        .where('investigationId', 'in', asSuspect)
        .where('personId', '=', intoPersonId)
        .returning('investigationId')
        .execute()
    : []
  stillOnRecordKept('investigations naming a suspect', asSuspect, suspects.length)
  const interviewIds = moved.abeInterviews ?? []
  const interviews = interviewIds.length
    ? await trx
        .updateTable('abeInterviews')
        .set({ childId: fromPersonId })
        .where('id', 'in', interviewIds)
        .where('childId', '=', intoPersonId)
        .returning('id')
        .execute()
    : []
  stillOnRecordKept('interviews', interviewIds, interviews.length)
  return {
    investigationChildren: children.map(r => r.investigationId),
    investigationSuspects: suspects.map(r => r.investigationId),
    abeInterviews: interviews.map(r => r.id),
  }
}

export const investigationsPersonMerge: PersonMerge = {
  move,
  moveBack,
  names: {
    investigationChildren: ['police investigation about the child', 'police investigations about the child'],
    investigationSuspects: [
      'police investigation naming them a suspect',
      'police investigations naming them a suspect',
    ],
    abeInterviews: ['video-recorded (ABE) interview', 'video-recorded (ABE) interviews'],
  },
}
