/**
 * Stories for the demo board, written to read like the real thing: good and bad, specific, anonymous.
 * They are fiction; any resemblance to a real patient is accidental.
 */
export interface DemoStory {
  title: string;
  body: string;
  nickname: string;
  authorRole: 'patient' | 'carer' | 'parent-guardian' | 'relative' | 'friend' | 'staff-on-behalf';
  services: string[];
  tags: { good: string[]; improve: string[]; feelings: string[] };
  /** How long before the demo was seeded the story was published. */
  daysAgo: number;
  /** Still waiting for a moderator: shows the queue in action. */
  awaitingModeration?: boolean;
}

export const demoStories: DemoStory[] = [
  {
    title: 'The night staff on Ward 2C made a frightening week bearable',
    body:
      'I was admitted through A&E with a bowel obstruction and spent a week on Ward 2C after surgery. ' +
      'The nights were the hardest part: I was sore, I could not sleep and I was worried about my dog at home. ' +
      'One of the night nurses sat with me at 3am, explained what the drain was for and why my pain relief ' +
      'had been changed, and found me a phone charger. Small things, but they mattered. The only thing I ' +
      'would change is the noise from the bins being collected outside the window at 5am every morning.',
    nickname: 'Highland walker',
    authorRole: 'patient',
    services: ['raigmore-ward-2c'],
    tags: { good: ['kind staff', 'explained things'], improve: ['noise at night'], feelings: ['reassured'] },
    daysAgo: 3,
  },
  {
    title: 'Seven hours in the Emergency Department with my mum',
    body:
      'My mum is 84 and fell at home. We arrived at the Emergency Department at 6pm and she was not seen by a ' +
      'doctor until after 1am. She spent most of that time on a trolley in the corridor without a blanket until ' +
      'I asked for one. When we were seen, the doctor was thorough and kind, and the X-ray was quick. I know ' +
      'how busy it was, but nobody told us how long the wait might be or checked whether she needed the toilet. ' +
      'A simple update every hour would have made a huge difference to both of us.',
    nickname: 'Worried daughter',
    authorRole: 'relative',
    services: ['raigmore-emergency-department'],
    tags: {
      good: ['thorough doctor'],
      improve: ['waiting time', 'keeping us informed'],
      feelings: ['anxious', 'ignored'],
    },
    daysAgo: 9,
  },
  {
    title: 'Quick, friendly physiotherapy at the Belford',
    body:
      'After my knee replacement I was referred for physiotherapy at the Belford Hospital in Fort William. ' +
      'I was seen within two weeks, the physio gave me exercises I could actually manage at home, and she ' +
      'phoned me a week later to check how I was getting on. It saved me a long drive to Inverness.',
    nickname: 'Lochaber knees',
    authorRole: 'patient',
    services: ['belford-hospital'],
    tags: { good: ['close to home', 'follow-up call'], improve: [], feelings: ['grateful'] },
    daysAgo: 16,
  },
  {
    title: 'Care at home for my father kept changing without warning',
    body:
      'My father has dementia and receives care at home four times a day. Over the last two months the times ' +
      'of the visits have changed again and again, often with different carers who do not know him. Some days ' +
      'the lunchtime visit did not happen at all and nobody phoned us. The carers themselves are lovely, but ' +
      'the organisation around them is letting families down. We would like one named contact we can call.',
    nickname: 'Son in Nairn',
    authorRole: 'carer',
    services: ['highland-adult-social-care'],
    tags: {
      good: ['caring staff'],
      improve: ['communication', 'continuity of carers'],
      feelings: ['frustrated'],
    },
    daysAgo: 24,
  },
  {
    title: 'My son was treated like a person, not a diagnosis',
    body:
      'Our son is autistic and finds hospitals very hard. When he needed a blood test at Raigmore the team let ' +
      'us wait in a quiet room, showed him each thing before they used it, and did not rush. It took longer ' +
      'than usual, but he left calm and even said thank you. Please pass on our thanks to the nurse with the ' +
      'dinosaur badge.',
    nickname: 'Proud dad',
    authorRole: 'parent-guardian',
    services: ['raigmore-hospital'],
    tags: { good: ['patience', 'quiet room'], improve: [], feelings: ['relieved', 'grateful'] },
    daysAgo: 31,
  },
  {
    title: 'Discharge letter arrived two weeks after I got home',
    body:
      'I was discharged from Raigmore after a short stay and told my GP would receive a letter about my new ' +
      'medication. My GP practice did not get it for two weeks, so I ran out of tablets and had to go back ' +
      'to the pharmacy twice. The care on the ward was good; it is the paperwork afterwards that let me down.',
    nickname: 'Culloden reader',
    authorRole: 'patient',
    services: ['raigmore-hospital'],
    tags: {
      good: ['care on the ward'],
      improve: ['discharge letters', 'medication'],
      feelings: ['let down'],
    },
    daysAgo: 45,
  },
  {
    title: 'The ambulance crew were calm and so kind to my wife',
    body:
      'My wife collapsed at home late on a Sunday night. The crew arrived in under twenty minutes on a wet ' +
      'night in the middle of nowhere, kept her warm, explained everything to me, and phoned ahead to the ' +
      'hospital. I cannot thank them enough.',
    nickname: 'Grateful husband',
    authorRole: 'relative',
    services: ['nhs-highland'],
    tags: { good: ['fast response', 'kind crew'], improve: [], feelings: ['grateful'] },
    daysAgo: 60,
  },
  {
    title: 'Parking at the hospital made us late for an appointment',
    body:
      'We drove round the car park for 25 minutes looking for a space and missed the start of my appointment ' +
      'in outpatients. The staff were understanding and still saw me, but the signs for the overflow car ' +
      'park are easy to miss. Could there be clearer signs at the entrance?',
    nickname: 'Black Isle driver',
    authorRole: 'patient',
    services: ['raigmore-hospital'],
    tags: { good: ['understanding staff'], improve: ['parking', 'signs'], feelings: ['stressed'] },
    daysAgo: 1,
    awaitingModeration: true,
  },
];
