import type { Nature, Specialty, Urgency } from '../taxonomy.js';
import type { OwnerField } from '../tickets/owner.js';
import type { TicketStatus } from '../tickets/ticket.js';
import type { Catalog } from './catalog.js';

const SPECIALTY: Record<Specialty, string> = {
  maintenance: '维修',
  security: '安保（秩序维护）',
  cleaning: '保洁',
  greening: '绿化',
  general: '客服前台',
};

const URGENCY: Record<Urgency, string> = {
  emergency: '紧急',
  urgent: '加急',
  ordinary: '一般',
};

const STATUS: Record<TicketStatus, string> = {
  new: '已收到',
  acknowledged: '处理中',
  resolved: '已解决',
  unresolvable: '无法解决',
  reopened: '重新处理中',
  closed: '已关闭',
};

const NATURE: Record<Nature, string> = {
  routine: '公共区域服务',
  special: '户内特约服务（可能收费）',
};

const OWNER_FIELD: Record<OwnerField, string> = {
  name: '姓名',
  building: '楼栋',
  unit: '房号',
  phone: '联系电话',
};

const joinWords = (words: readonly string[]): string =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join('、')}和${words.at(-1)}`;

const understoodAs = (specialty: Specialty, urgency: Urgency): string =>
  `${SPECIALTY[specialty]} · ${URGENCY[urgency]}`;

const dangerLine = (phone: string): string => `🚨 如有人员危险，请立即拨打 ${phone}！`;

/** Owner-facing texts in Simplified Chinese, in the voice of a property-management front desk. */
export const zh: Catalog = {
  specialty: (specialty) => SPECIALTY[specialty],
  urgency: (urgency) => URGENCY[urgency],
  status: (status) => STATUS[status],
  nature: (nature) => NATURE[nature],
  ownerField: (field) => OWNER_FIELD[field],

  startFirst: () =>
    '您好！这里是物业服务中心。\n' +
    '家里或小区里遇到任何问题，随时发消息告诉我们就行，比如“电梯卡住了”“天花板漏水”，也欢迎附上照片。' +
    '我们会转给相应的部门处理，处理进展都会在这里通知您。',
  startReturning: ({ name }) =>
    `${name ? `${name}，` : ''}您好，欢迎回来！有什么需要直接发消息告诉我们。发送 /status 可查看工单进度。`,
  help: ({ emergencyPhone }) =>
    '家里或小区里有任何需要处理的问题，直接发文字或照片给我们，我们会登记成工单，转给相应部门处理，每一步进展都会在这里通知您。\n\n' +
    '工单处理期间如果您再发消息，我会问您是补充原工单，还是新的问题。\n\n' +
    '/status — 查看进行中的工单\n' +
    '/help — 查看本说明\n\n' +
    `遇到紧急情况（如火情、严重漏水、有人受伤或被困），请直接拨打 ${emergencyPhone}。`,

  askName: () => '先简单登记一下，方便工作人员联系您。请问您怎么称呼？',
  askBuilding: () => '请问您住在几号楼？',
  askUnit: () => '房号是多少呢？（例如 1502）',
  askPhone: () =>
    '最后，请留一个联系电话，方便工作人员上门前和您联系。可以点下方“📱 分享我的手机号”，也可以直接输入号码；不方便留的话回复“跳过”即可。',
  sharePhoneButton: () => '📱 分享我的手机号',
  skipWord: () => '跳过',
  registrationComplete: () => '谢谢，登记好了！以后有任何问题，随时发消息给我们。',
  completeYourFile: ({ missing }) =>
    `另外，您的登记信息还缺少${joinWords(missing.map((field) => OWNER_FIELD[field]))}，补充后工作人员联系您、上门服务都更方便。` +
    '请回复接下来的问题，不方便的话回复“跳过”即可。',

  ticketReceived: ({ number, specialty, urgency, expectBy, emergencyPhone }) => {
    const body = `收到，已为您登记工单 ${number}（${understoodAs(specialty, urgency)}）。\n预计回复时间：${expectBy}。`;
    return urgency === 'emergency' && emergencyPhone ? `${dangerLine(emergencyPhone)}\n\n${body}` : body;
  },

  followUpQuestion: ({ number, summary }) =>
    `您有一张正在处理的工单 ${number}（“${summary}”）。这条消息是补充这张工单，还是新的问题？`,
  followUpAttach: (number) => `补充到 ${number}`,
  followUpNew: () => '是新问题',
  addedToTicket: (number) => `已补充到工单 ${number}，处理人员可以看到。`,
  newTicketChosen: () => '好的，按新问题为您登记。',
  buttonExpired: () => '这个选项已失效。如果问题还需要处理，请重新发一下消息。',
  editForwarded: (number) => `您修改后的内容已同步给工单 ${number} 的处理人员。`,

  acknowledged: ({ number, staffName }) =>
    staffName
      ? `👷 工单 ${number} 已受理，物业服务中心的${staffName}正在为您处理。`
      : `👷 工单 ${number} 已受理，工作人员正在为您处理。`,
  staffReply: ({ number, staffName, text }) =>
    `💬 物业服务中心回复（工单 ${number}）：\n\n${text}\n\n${staffName ? `—— ${staffName}\n` : ''}如需回复，直接在这里发消息即可。`,
  resolved: ({ number, note }) =>
    `✅ 工单 ${number} 已处理完成。\n处理说明：${note}\n\n如果问题仍然存在，直接在这里告诉我们。`,
  unresolvable: ({ number, explanation }) =>
    `很抱歉，工单 ${number} 我们暂时无法解决。\n原因：${explanation}\n\n如有疑问或需要进一步沟通，直接在这里回复，客服前台会尽快联系您。`,
  reopened: ({ number }) => `🔁 工单 ${number} 已重新打开，我们会继续跟进。`,
  urgencyChanged: ({ number, urgency, expectBy, emergencyPhone }) => {
    const body = `工单 ${number} 的紧急程度已调整为“${URGENCY[urgency]}”。预计回复时间：${expectBy}。`;
    return urgency === 'emergency' && emergencyPhone ? `${dangerLine(emergencyPhone)}\n\n${body}` : body;
  },
  reassigned: ({ number, specialty }) => `工单 ${number} 已转交${SPECIALTY[specialty]}处理。`,

  statusNone: () => '您目前没有进行中的工单。有问题随时发消息告诉我们。',
  statusList: (items) =>
    `您的工单：\n${items
      .map(
        (item) =>
          `• ${item.number} · ${SPECIALTY[item.specialty]} · ${STATUS[item.status]}（提交于 ${item.createdAt}）`,
      )
      .join('\n')}`,

  returnVisitQuestion: ({ number }) =>
    `工单 ${number} 已处理完成，想请您给我们的服务打个分：1 分（很不满意）到 5 分（非常满意）。如果问题还没解决，请点“还没解决”。`,
  returnVisitScoreButton: (score) => `${score} 分`,
  returnVisitNotFixedButton: () => '还没解决',
  returnVisitThanks: ({ number }) => `感谢您对工单 ${number} 的评价，我们会继续改进服务。`,
  returnVisitCommentInvite: () => '如果您还有意见或建议，直接发送下一条消息告诉我们即可。',
  returnVisitCommentThanks: ({ number }) => `谢谢！您对工单 ${number} 的意见我们已转达。`,
  returnVisitReopened: ({ number, expectBy }) =>
    `🔁 很抱歉，工单 ${number} 的问题还没有解决好。我们已重新打开工单并通知了相关部门和主管。预计回复时间：${expectBy}。`,
  returnVisitExplanationQuestion: ({ number }) =>
    `关于无法解决的工单 ${number}：我们的说明您清楚吗？请打分：1 分（完全不清楚）到 5 分（非常清楚）。`,
  returnVisitExplanationUnclear: ({ number }) =>
    `感谢您的反馈，主管会联系您，进一步说明工单 ${number} 的情况。`,
  returnVisitAlreadyAnswered: () => '谢谢，我们已经收到您的回答了。',

  unsupportedMessage: () => '抱歉，这类消息我暂时看不懂。请用文字描述一下问题，也可以发照片、视频或语音。',
  savedWillRetry: () => '您的消息已保存，但系统暂时出了点问题。我们会尽快转交处理，无需重复发送。',
};
