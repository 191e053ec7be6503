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
    title: 'The out-of-hours doctor came out on a Sunday night',
    body:
      'My wife became confused and feverish late on a Sunday. I rang 111 expecting to be told to drive to ' +
      'Inverness, but an out-of-hours doctor came to the house within the hour, on a wet night in the middle ' +
      'of nowhere. She found a kidney infection, left the first doses of antibiotics with us and phoned our ' +
      'own GP in the morning. I cannot thank her enough.',
    nickname: 'Grateful husband',
    authorRole: 'relative',
    services: ['nhs-highland'],
    tags: { good: ['home visit', 'fast response'], improve: [], feelings: ['grateful'] },
    daysAgo: 60,
  },
  {
    title: 'Nobody explained why my operation was cancelled twice',
    body:
      'My gallbladder operation has now been cancelled on the morning of surgery twice, after I had fasted and ' +
      'arranged for my sister to look after the children. Each time I was sent home with an apology and no ' +
      'reason. I understand emergencies come first; I would just like to know what happens next and when.',
    nickname: 'Mum of three in Muir',
    authorRole: 'patient',
    services: ['raigmore-ward-2c'],
    tags: { good: [], improve: ['cancelled operations', 'keeping us informed'], feelings: ['anxious'] },
    daysAgo: 1,
    awaitingModeration: true,
  },
];
