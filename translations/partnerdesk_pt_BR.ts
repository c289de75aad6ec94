<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
<context>
    <name>Pd::Core::ApiError</name>
    <message>
        <location filename="../core/api/apierror.cpp" line="+49"/>
        <source> (reached max retries: %1)</source>
        <translation> (número máximo de novas tentativas atingido: %1)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Parameter validation failed for the %1 operation; nothing was sent:</source>
        <translation>A validação de parâmetros da operação %1 falhou; nada foi enviado:</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+43"/>
        <source>Configuration error: %1</source>
        <translation>Erro de configuração: %1</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Network error when calling the %1 operation%2: %3</source>
        <translation>Erro de rede ao chamar a operação %1%2: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Timed out when calling the %1 operation%2: %3</source>
        <translation>Tempo esgotado ao chamar a operação %1%2: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The %1 operation was cancelled.</source>
        <translation>A operação %1 foi cancelada.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The %1 operation returned an invalid response: %2</source>
        <translation>A operação %1 retornou uma resposta inválida: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>An error occurred (%1) when calling the %2 operation%3: %4</source>
        <translation>Ocorreu um erro (%1) ao chamar a operação %2%3: %4</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Request refused locally: %1</source>
        <translation>Solicitação recusada localmente: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (HTTP %1)</source>
        <translation> (HTTP %1)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> [request %1]</source>
        <translation> [solicitação %1]</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n request member(s) failed validation.</source>
        <translation>
            <numerusform>%n membro da solicitação não passou na validação.</numerusform>
            <numerusform>%n membros da solicitação não passaram na validação.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/api/errorparser.cpp" line="+248"/>
        <source>The service returned %1 with an empty body.</source>
        <translation>O serviço retornou %1 com o corpo vazio.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service returned %1 with a body that is not a JSON error object: %2</source>
        <translation>O serviço retornou %1 com um corpo que não é um objeto de erro JSON: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service returned %1 without an error message.</source>
        <translation>O serviço retornou %1 sem mensagem de erro.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AttentionView</name>
    <message>
        <location filename="../core/model/attentionview.cpp" line="+66"/>
        <source>Action Required</source>
        <translation>Ação necessária</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Overdue</source>
        <translation>Atrasadas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closing this month</source>
        <translation>Fechamento este mês</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closing this quarter</source>
        <translation>Fechamento este trimestre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No update in 30 days</source>
        <translation>Sem atualização há 30 dias</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Changed since I last looked</source>
        <translation>Alteradas desde minha última consulta</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rejected</source>
        <translation>Rejeitadas</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Opportunities whose review status is Action Required: AWS waits for an answer.</source>
        <translation>Oportunidades com status da revisão “Ação necessária”: a AWS aguarda uma resposta.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities whose target close date has passed.</source>
        <translation>Oportunidades abertas cuja data de fechamento prevista já passou.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities due to close from today to the end of this month.</source>
        <translation>Oportunidades abertas com fechamento previsto de hoje até o fim deste mês.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities due to close from today to the end of this quarter.</source>
        <translation>Oportunidades abertas com fechamento previsto de hoje até o fim deste trimestre.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities last changed more than 30 days ago.</source>
        <translation>Oportunidades alteradas pela última vez há mais de 30 dias.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities a sync changed since you last looked at them.</source>
        <translation>Oportunidades que uma sincronização alterou desde a última vez que você as consultou.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities whose review status is Rejected.</source>
        <translation>Oportunidades com status da revisão “Rejeitada”.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsClient</name>
    <message>
        <location filename="../core/api/awsclient.cpp" line="+29"/>
        <source>No AWS credentials are configured.</source>
        <translation>Nenhuma credencial da AWS está configurada.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsConfigFile</name>
    <message>
        <location filename="../core/aws/awsconfigfile.cpp" line="+69"/>
        <source>this is a folder, not a file</source>
        <translation>isto é uma pasta, não um arquivo</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+8"/>
        <source>the file is larger than %1 MiB</source>
        <translation>o arquivo é maior que %1 MiB</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>the line is not valid UTF-8 text</source>
        <translation>a linha não é um texto UTF-8 válido</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>expected “key = value” inside the nested “%1” settings</source>
        <translation>esperado &quot;chave = valor&quot; dentro das configurações aninhadas &quot;%1&quot;</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>the section header has no closing “]”</source>
        <translation>o cabeçalho da seção não tem o &quot;]&quot; de fechamento</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the section name is empty</source>
        <translation>o nome da seção está vazio</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the section [%1] appears twice (first on line %2)</source>
        <translation>a seção [%1] aparece duas vezes (primeiro na linha %2)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>“%1” comes before the first [section] header</source>
        <translation>&quot;%1&quot; aparece antes do primeiro cabeçalho [seção]</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>expected “key = value”</source>
        <translation>esperado &quot;chave = valor&quot;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the key name before “%1” is missing</source>
        <translation>falta o nome da chave antes de &quot;%1&quot;</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the key “%1” appears twice in [%2] (first on line %3)</source>
        <translation>a chave &quot;%1&quot; aparece duas vezes em [%2] (primeiro na linha %3)</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1, line %2: %3</source>
        <translation>%1, linha %2: %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsJsonCall</name>
    <message>
        <location filename="../core/api/awsjsoncall.cpp" line="+148"/>
        <source>The request was cancelled.</source>
        <translation>A solicitação foi cancelada.</translation>
    </message>
    <message>
        <location line="+117"/>
        <location line="+30"/>
        <location line="+20"/>
        <source>The client of this call no longer exists.</source>
        <translation>O cliente desta chamada não existe mais.</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>No AWS credentials are configured.</source>
        <translation>Nenhuma credencial da AWS está configurada.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No AWS credentials are available.</source>
        <translation>Nenhuma credencial da AWS está disponível.</translation>
    </message>
    <message>
        <location line="+170"/>
        <source>The response is larger than %1 MiB; it was not read.</source>
        <translation>A resposta é maior que %1 MiB; ela não foi lida.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No data arrived for %1 ms; the attempt timed out.</source>
        <translation>Nenhum dado chegou por %1 ms; a tentativa expirou.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The connection closed after %1 of %2 bytes of the response.</source>
        <translation>A conexão foi fechada após %1 de %2 bytes da resposta.</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>The server closed the connection without a response.</source>
        <translation>O servidor fechou a conexão sem responder.</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>The endpoint answered with a redirect (HTTP %1) to &quot;%2&quot;; redirects are not followed. Check the endpoint URL.</source>
        <translation>O endpoint respondeu com um redirecionamento (HTTP %1) para &quot;%2&quot;; redirecionamentos não são seguidos. Verifique o URL do endpoint.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CaBundle</name>
    <message>
        <location filename="../core/http/cabundle.cpp" line="+11"/>
        <source>The CA bundle %1 could not be read: %2</source>
        <translation>Não foi possível ler o pacote de CA %1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The CA bundle %1 holds no PEM certificate.</source>
        <translation>O pacote de CA %1 não contém nenhum certificado PEM.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ConnectionResolver</name>
    <message>
        <location filename="../core/aws/connectionresolver.cpp" line="+71"/>
        <source>%1 of profile %2 (%3, line %4)</source>
        <translation>%1 do perfil %2 (%3, linha %4)</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>The profile “%1” (from %2) could not be found in %3, in %4 or among the PartnerDesk profiles.</source>
        <translation>O perfil &quot;%1&quot; (de %2) não foi encontrado em %3, em %4 nem entre os perfis do PartnerDesk.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.</source>
        <translation>AWS_ACCESS_KEY_ID está definida, mas AWS_SECRET_ACCESS_KEY não.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>environment variables</source>
        <translation>variáveis de ambiente</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Profile %1 assumes a role (role_arn), which PartnerDesk does not support. Give it temporary keys, or use a profile with credential_process = aws configure export-credentials --profile %1 --format process.</source>
        <translation>O perfil %1 assume uma função (role_arn), o que o PartnerDesk não suporta. Dê a ele chaves temporárias ou use um perfil com credential_process = aws configure export-credentials --profile %1 --format process.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Profile %1 uses a web identity token (web_identity_token_file), which PartnerDesk does not support.</source>
        <translation>O perfil %1 usa um token de identidade da web (web_identity_token_file), o que o PartnerDesk não suporta.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Profile %1 signs in through IAM Identity Center (SSO), which PartnerDesk does not support directly. Use a profile with credential_process = aws configure export-credentials --profile %1 --format process.</source>
        <translation>O perfil %1 entra pelo IAM Identity Center (SSO), o que o PartnerDesk não suporta diretamente. Use um perfil com credential_process = aws configure export-credentials --profile %1 --format process.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Profile %1 in %2 has aws_access_key_id but no aws_secret_access_key.</source>
        <translation>O perfil %1 em %2 tem aws_access_key_id, mas não tem aws_secret_access_key.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>profile %1 (%2)</source>
        <translation>perfil %1 (%2)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Profile %1 has no credentials: add aws_access_key_id and aws_secret_access_key, or credential_process, to it in %2 or %3.</source>
        <translation>O perfil %1 não tem credenciais: adicione aws_access_key_id e aws_secret_access_key, ou credential_process, a ele em %2 ou %3.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No AWS credentials were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile, add a [default] profile to %1, or create a PartnerDesk profile.</source>
        <translation>Nenhuma credencial da AWS foi encontrada. Defina AWS_ACCESS_KEY_ID e AWS_SECRET_ACCESS_KEY, escolha um perfil, adicione um perfil [default] a %1 ou crie um perfil do PartnerDesk.</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+49"/>
        <source>PartnerDesk profile %1</source>
        <translation>perfil do PartnerDesk %1</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>default</source>
        <translation>padrão</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The region “%1” (from %2) is not a valid region name.</source>
        <translation>A região &quot;%1&quot; (de %2) não é um nome de região válido.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>[services %1] %2 endpoint_url in %3</source>
        <translation>[services %1] %2 endpoint_url em %3</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>default for region %1</source>
        <translation>padrão da região %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The endpoint URL “%1” (from %2) is not valid: it must look like https://host[:port].</source>
        <translation>O URL do endpoint &quot;%1&quot; (de %2) não é válido: ele deve ter o formato https://host[:porta].</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The endpoint URL “%1” (from %2) may not contain a user name, a query or a fragment.</source>
        <translation>O URL do endpoint &quot;%1&quot; (de %2) não pode conter nome de usuário, consulta nem fragmento.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (The endpoint came from %2.)</source>
        <translation>%1 (O endpoint veio de %2.)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The retry mode “%1” (from %2) is not one of standard, legacy or adaptive.</source>
        <translation>O modo de nova tentativa &quot;%1&quot; (de %2) não é standard, legacy nem adaptive.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The maximum number of attempts “%1” (from %2) is not a positive whole number.</source>
        <translation>O número máximo de tentativas &quot;%1&quot; (de %2) não é um número inteiro positivo.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>%1 (The proxy came from the connection settings.)</source>
        <translation>%1 (O proxy veio das configurações de conexão.)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the connection settings</source>
        <translation>suas configurações de conexão</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the system proxy settings</source>
        <translation>configurações de proxy do sistema</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system proxy for %1 is not an HTTP proxy, which PartnerDesk does not support. Choose a manual HTTP proxy in the connection settings.</source>
        <translation>O proxy do sistema para %1 não é um proxy HTTP, o que o PartnerDesk não suporta. Escolha um proxy HTTP manual nas configurações de conexão.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 (The proxy came from %2.)</source>
        <translation>%1 (O proxy veio de %2.)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 (The CA bundle came from %2.)</source>
        <translation>%1 (O pacote de CA veio de %2.)</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ConnectionTest</name>
    <message>
        <location filename="../core/api/connectiontest.cpp" line="+33"/>
        <source>%1 The service said: “%2”</source>
        <translation>%1 Resposta do serviço: “%2”</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Catalog %1: connected. These credentials may list opportunities (%2 ms).</source>
        <translation>Catálogo %1: conectado. Estas credenciais podem listar oportunidades (%2 ms).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Catalog %1: access denied. The keys are valid, but their IAM identity is not allowed the action %2 for this catalog. Add it to a policy; the condition key %3 can limit it to the catalogs you use.</source>
        <translation>Catálogo %1: acesso negado. As chaves são válidas, mas a identidade do IAM delas não tem permissão para a ação %2 neste catálogo. Adicione-a a uma política; a chave de condição %3 pode restringi-la aos catálogos que você usa.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Catalog %1: the signature was rejected. The secret access key does not belong to this access key ID, or this computer&apos;s clock is wrong.</source>
        <translation>Catálogo %1: a assinatura foi rejeitada. A chave de acesso secreta não pertence a este ID de chave de acesso, ou o relógio deste computador está errado.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Catalog %1: AWS does not know this access key ID (or its session token). Check for typing mistakes, or whether the key was deactivated or deleted.</source>
        <translation>Catálogo %1: a AWS não reconhece este ID de chave de acesso (ou o token de sessão dele). Verifique se há erros de digitação ou se a chave foi desativada ou excluída.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Catalog %1: the credentials have expired. Get new temporary credentials and a new session token.</source>
        <translation>Catálogo %1: as credenciais expiraram. Obtenha novas credenciais temporárias e um novo token de sessão.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Catalog %1: the credentials were refused (%2).</source>
        <translation>Catálogo %1: as credenciais foram recusadas (%2).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Catalog %1: nothing was sent. %2</source>
        <translation>Catálogo %1: nada foi enviado. %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service could not be reached: %2</source>
        <translation>Catálogo %1: não foi possível acessar o serviço: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service did not answer in time.</source>
        <translation>Catálogo %1: o serviço não respondeu a tempo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service is throttling requests for this account. Try again in a moment.</source>
        <translation>Catálogo %1: o serviço está limitando as solicitações desta conta. Tente novamente em instantes.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Catalog %1: cancelled.</source>
        <translation>Catálogo %1: cancelado.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Catalog %1: the service answered %2 (HTTP %3).</source>
        <translation>Catálogo %1: o serviço respondeu %2 (HTTP %3).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Catalog %1: the request failed: %2</source>
        <translation>Catálogo %1: a solicitação falhou: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CountryNames</name>
    <message>
        <location filename="../core/model/countrynames.cpp" line="+23"/>
        <source>United States</source>
        <comment>country</comment>
        <translation>Estados Unidos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Afghanistan</source>
        <comment>country</comment>
        <translation>Afeganistão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Åland Islands</source>
        <comment>country</comment>
        <translation>Ilhas Aland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Albania</source>
        <comment>country</comment>
        <translation>Albânia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Algeria</source>
        <comment>country</comment>
        <translation>Argélia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>American Samoa</source>
        <comment>country</comment>
        <translation>Samoa Americana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Andorra</source>
        <comment>country</comment>
        <translation>Andorra</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Angola</source>
        <comment>country</comment>
        <translation>Angola</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anguilla</source>
        <comment>country</comment>
        <translation>Anguila</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Antarctica</source>
        <comment>country</comment>
        <translation>Antártida</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Argentina</source>
        <comment>country</comment>
        <translation>Argentina</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Armenia</source>
        <comment>country</comment>
        <translation>Armênia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aruba</source>
        <comment>country</comment>
        <translation>Aruba</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Australia</source>
        <comment>country</comment>
        <translation>Austrália</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Austria</source>
        <comment>country</comment>
        <translation>Áustria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Azerbaijan</source>
        <comment>country</comment>
        <translation>Azerbaijão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bahamas</source>
        <comment>country</comment>
        <translation>Bahamas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bahrain</source>
        <comment>country</comment>
        <translation>Barein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bangladesh</source>
        <comment>country</comment>
        <translation>Bangladesh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Barbados</source>
        <comment>country</comment>
        <translation>Barbados</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belarus</source>
        <comment>country</comment>
        <translation>Bielorrússia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belgium</source>
        <comment>country</comment>
        <translation>Bélgica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belize</source>
        <comment>country</comment>
        <translation>Belize</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Benin</source>
        <comment>country</comment>
        <translation>Benin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bermuda</source>
        <comment>country</comment>
        <translation>Bermudas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bhutan</source>
        <comment>country</comment>
        <translation>Butão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bolivia</source>
        <comment>country</comment>
        <translation>Bolívia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caribbean Netherlands</source>
        <comment>country</comment>
        <translation>Países Baixos Caribenhos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bosnia and Herzegovina</source>
        <comment>country</comment>
        <translation>Bósnia e Herzegovina</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Botswana</source>
        <comment>country</comment>
        <translation>Botsuana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bouvet Island</source>
        <comment>country</comment>
        <translation>Ilha Bouvet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brazil</source>
        <comment>country</comment>
        <translation>Brasil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>British Indian Ocean Territory</source>
        <comment>country</comment>
        <translation>Território Britânico do Oceano Índico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brunei</source>
        <comment>country</comment>
        <translation>Brunei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bulgaria</source>
        <comment>country</comment>
        <translation>Bulgária</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Burkina Faso</source>
        <comment>country</comment>
        <translation>Burquina Faso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Burundi</source>
        <comment>country</comment>
        <translation>Burundi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cambodia</source>
        <comment>country</comment>
        <translation>Camboja</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cameroon</source>
        <comment>country</comment>
        <translation>Camarões</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Canada</source>
        <comment>country</comment>
        <translation>Canadá</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cape Verde</source>
        <comment>country</comment>
        <translation>Cabo Verde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cayman Islands</source>
        <comment>country</comment>
        <translation>Ilhas Cayman</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Central African Republic</source>
        <comment>country</comment>
        <translation>República Centro-Africana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chad</source>
        <comment>country</comment>
        <translation>Chade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chile</source>
        <comment>country</comment>
        <translation>Chile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>China</source>
        <comment>country</comment>
        <translation>China</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Christmas Island</source>
        <comment>country</comment>
        <translation>Ilha Christmas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cocos (Keeling) Islands</source>
        <comment>country</comment>
        <translation>Ilhas Cocos (Keeling)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colombia</source>
        <comment>country</comment>
        <translation>Colômbia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comoros</source>
        <comment>country</comment>
        <translation>Comores</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Congo - Brazzaville</source>
        <comment>country</comment>
        <translation>República do Congo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cook Islands</source>
        <comment>country</comment>
        <translation>Ilhas Cook</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Costa Rica</source>
        <comment>country</comment>
        <translation>Costa Rica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Côte d’Ivoire</source>
        <comment>country</comment>
        <translation>Costa do Marfim</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Croatia</source>
        <comment>country</comment>
        <translation>Croácia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cuba</source>
        <comment>country</comment>
        <translation>Cuba</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Curaçao</source>
        <comment>country</comment>
        <translation>Curaçao</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cyprus</source>
        <comment>country</comment>
        <translation>Chipre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Czechia</source>
        <comment>country</comment>
        <translation>Tchéquia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Congo - Kinshasa</source>
        <comment>country</comment>
        <translation>Congo - Kinshasa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denmark</source>
        <comment>country</comment>
        <translation>Dinamarca</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Djibouti</source>
        <comment>country</comment>
        <translation>Djibuti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dominica</source>
        <comment>country</comment>
        <translation>Dominica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dominican Republic</source>
        <comment>country</comment>
        <translation>República Dominicana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ecuador</source>
        <comment>country</comment>
        <translation>Equador</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Egypt</source>
        <comment>country</comment>
        <translation>Egito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>El Salvador</source>
        <comment>country</comment>
        <translation>El Salvador</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Equatorial Guinea</source>
        <comment>country</comment>
        <translation>Guiné Equatorial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Eritrea</source>
        <comment>country</comment>
        <translation>Eritreia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estonia</source>
        <comment>country</comment>
        <translation>Estônia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ethiopia</source>
        <comment>country</comment>
        <translation>Etiópia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Falkland Islands</source>
        <comment>country</comment>
        <translation>Ilhas Malvinas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Faroe Islands</source>
        <comment>country</comment>
        <translation>Ilhas Faroé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fiji</source>
        <comment>country</comment>
        <translation>Fiji</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finland</source>
        <comment>country</comment>
        <translation>Finlândia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>France</source>
        <comment>country</comment>
        <translation>França</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Guiana</source>
        <comment>country</comment>
        <translation>Guiana Francesa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Polynesia</source>
        <comment>country</comment>
        <translation>Polinésia Francesa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Southern Territories</source>
        <comment>country</comment>
        <translation>Territórios Franceses do Sul</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gabon</source>
        <comment>country</comment>
        <translation>Gabão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gambia</source>
        <comment>country</comment>
        <translation>Gâmbia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Georgia</source>
        <comment>country</comment>
        <translation>Geórgia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Germany</source>
        <comment>country</comment>
        <translation>Alemanha</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ghana</source>
        <comment>country</comment>
        <translation>Gana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gibraltar</source>
        <comment>country</comment>
        <translation>Gibraltar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greece</source>
        <comment>country</comment>
        <translation>Grécia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greenland</source>
        <comment>country</comment>
        <translation>Groenlândia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grenada</source>
        <comment>country</comment>
        <translation>Granada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guadeloupe</source>
        <comment>country</comment>
        <translation>Guadalupe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guam</source>
        <comment>country</comment>
        <translation>Guam</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guatemala</source>
        <comment>country</comment>
        <translation>Guatemala</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guernsey</source>
        <comment>country</comment>
        <translation>Guernsey</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guinea</source>
        <comment>country</comment>
        <translation>Guiné</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guinea-Bissau</source>
        <comment>country</comment>
        <translation>Guiné-Bissau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guyana</source>
        <comment>country</comment>
        <translation>Guiana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Haiti</source>
        <comment>country</comment>
        <translation>Haiti</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Antigua and Barbuda</source>
        <comment>country</comment>
        <translation>Antígua e Barbuda</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Heard and McDonald Islands</source>
        <comment>country</comment>
        <translation>Ilhas Heard e McDonald</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vatican City</source>
        <comment>country</comment>
        <translation>Cidade do Vaticano</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Honduras</source>
        <comment>country</comment>
        <translation>Honduras</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hong Kong</source>
        <comment>country</comment>
        <translation>Hong Kong</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hungary</source>
        <comment>country</comment>
        <translation>Hungria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Iceland</source>
        <comment>country</comment>
        <translation>Islândia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>India</source>
        <comment>country</comment>
        <translation>Índia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indonesia</source>
        <comment>country</comment>
        <translation>Indonésia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Iran</source>
        <comment>country</comment>
        <translation>Irã</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Iraq</source>
        <comment>country</comment>
        <translation>Iraque</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ireland</source>
        <comment>country</comment>
        <translation>Irlanda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Isle of Man</source>
        <comment>country</comment>
        <translation>Ilha de Man</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Israel</source>
        <comment>country</comment>
        <translation>Israel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Italy</source>
        <comment>country</comment>
        <translation>Itália</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jamaica</source>
        <comment>country</comment>
        <translation>Jamaica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Japan</source>
        <comment>country</comment>
        <translation>Japão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jersey</source>
        <comment>country</comment>
        <translation>Jersey</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jordan</source>
        <comment>country</comment>
        <translation>Jordânia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kazakhstan</source>
        <comment>country</comment>
        <translation>Cazaquistão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kenya</source>
        <comment>country</comment>
        <translation>Quênia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kiribati</source>
        <comment>country</comment>
        <translation>Quiribati</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>South Korea</source>
        <comment>country</comment>
        <translation>Coreia do Sul</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kuwait</source>
        <comment>country</comment>
        <translation>Kuwait</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kyrgyzstan</source>
        <comment>country</comment>
        <translation>Quirguistão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Laos</source>
        <comment>country</comment>
        <translation>Laos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latvia</source>
        <comment>country</comment>
        <translation>Letônia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lebanon</source>
        <comment>country</comment>
        <translation>Líbano</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lesotho</source>
        <comment>country</comment>
        <translation>Lesoto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Liberia</source>
        <comment>country</comment>
        <translation>Libéria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Libya</source>
        <comment>country</comment>
        <translation>Líbia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Liechtenstein</source>
        <comment>country</comment>
        <translation>Liechtenstein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lithuania</source>
        <comment>country</comment>
        <translation>Lituânia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Luxembourg</source>
        <comment>country</comment>
        <translation>Luxemburgo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Macao</source>
        <comment>country</comment>
        <translation>Macau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>North Macedonia</source>
        <comment>country</comment>
        <translation>Macedônia do Norte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Madagascar</source>
        <comment>country</comment>
        <translation>Madagascar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Malawi</source>
        <comment>country</comment>
        <translation>Malaui</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Malaysia</source>
        <comment>country</comment>
        <translation>Malásia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maldives</source>
        <comment>country</comment>
        <translation>Maldivas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mali</source>
        <comment>country</comment>
        <translation>Mali</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Malta</source>
        <comment>country</comment>
        <translation>Malta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marshall Islands</source>
        <comment>country</comment>
        <translation>Ilhas Marshall</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Martinique</source>
        <comment>country</comment>
        <translation>Martinica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mauritania</source>
        <comment>country</comment>
        <translation>Mauritânia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mauritius</source>
        <comment>country</comment>
        <translation>Maurício</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mayotte</source>
        <comment>country</comment>
        <translation>Mayotte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mexico</source>
        <comment>country</comment>
        <translation>México</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Micronesia</source>
        <comment>country</comment>
        <translation>Micronésia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moldova</source>
        <comment>country</comment>
        <translation>Moldávia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monaco</source>
        <comment>country</comment>
        <translation>Mônaco</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mongolia</source>
        <comment>country</comment>
        <translation>Mongólia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Montenegro</source>
        <comment>country</comment>
        <translation>Montenegro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Montserrat</source>
        <comment>country</comment>
        <translation>Montserrat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Morocco</source>
        <comment>country</comment>
        <translation>Marrocos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mozambique</source>
        <comment>country</comment>
        <translation>Moçambique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Myanmar (Burma)</source>
        <comment>country</comment>
        <translation>Mianmar (Birmânia)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Namibia</source>
        <comment>country</comment>
        <translation>Namíbia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nauru</source>
        <comment>country</comment>
        <translation>Nauru</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nepal</source>
        <comment>country</comment>
        <translation>Nepal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netherlands</source>
        <comment>country</comment>
        <translation>Países Baixos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netherlands Antilles</source>
        <comment>country</comment>
        <translation>Antilhas Holandesas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Caledonia</source>
        <comment>country</comment>
        <translation>Nova Caledônia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Zealand</source>
        <comment>country</comment>
        <translation>Nova Zelândia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nicaragua</source>
        <comment>country</comment>
        <translation>Nicarágua</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Niger</source>
        <comment>country</comment>
        <translation>Níger</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nigeria</source>
        <comment>country</comment>
        <translation>Nigéria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Niue</source>
        <comment>country</comment>
        <translation>Niue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Norfolk Island</source>
        <comment>country</comment>
        <translation>Ilha Norfolk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Northern Mariana Islands</source>
        <comment>country</comment>
        <translation>Ilhas Marianas do Norte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Norway</source>
        <comment>country</comment>
        <translation>Noruega</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oman</source>
        <comment>country</comment>
        <translation>Omã</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pakistan</source>
        <comment>country</comment>
        <translation>Paquistão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Palau</source>
        <comment>country</comment>
        <translation>Palau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Palestinian Territories</source>
        <comment>country</comment>
        <translation>Territórios palestinos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Panama</source>
        <comment>country</comment>
        <translation>Panamá</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Papua New Guinea</source>
        <comment>country</comment>
        <translation>Papua-Nova Guiné</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paraguay</source>
        <comment>country</comment>
        <translation>Paraguai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Peru</source>
        <comment>country</comment>
        <translation>Peru</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Philippines</source>
        <comment>country</comment>
        <translation>Filipinas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pitcairn Islands</source>
        <comment>country</comment>
        <translation>Ilhas Pitcairn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poland</source>
        <comment>country</comment>
        <translation>Polônia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portugal</source>
        <comment>country</comment>
        <translation>Portugal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Puerto Rico</source>
        <comment>country</comment>
        <translation>Porto Rico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qatar</source>
        <comment>country</comment>
        <translation>Catar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Réunion</source>
        <comment>country</comment>
        <translation>Reunião</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Romania</source>
        <comment>country</comment>
        <translation>Romênia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Russia</source>
        <comment>country</comment>
        <translation>Rússia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rwanda</source>
        <comment>country</comment>
        <translation>Ruanda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Barthélemy</source>
        <comment>country</comment>
        <translation>São Bartolomeu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Helena</source>
        <comment>country</comment>
        <translation>Santa Helena</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Kitts and Nevis</source>
        <comment>country</comment>
        <translation>São Cristóvão e Névis</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>St. Pierre and Miquelon</source>
        <comment>country</comment>
        <translation>São Pedro e Miquelão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Vincent and Grenadines</source>
        <comment>country</comment>
        <translation>São Vicente e Granadinas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>São Tomé and Príncipe</source>
        <comment>country</comment>
        <translation>São Tomé e Príncipe</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>South Georgia and South Sandwich Islands</source>
        <comment>country</comment>
        <translation>Ilhas Geórgia do Sul e Sandwich do Sul</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Svalbard and Jan Mayen</source>
        <comment>country</comment>
        <translation>Svalbard e Jan Mayen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Trinidad and Tobago</source>
        <comment>country</comment>
        <translation>Trinidad e Tobago</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Turks and Caicos Islands</source>
        <comment>country</comment>
        <translation>Ilhas Turcas e Caicos</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Wallis and Futuna</source>
        <comment>country</comment>
        <translation>Wallis e Futuna</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>St. Lucia</source>
        <comment>country</comment>
        <translation>Santa Lúcia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Martin</source>
        <comment>country</comment>
        <translation>São Martinho</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Samoa</source>
        <comment>country</comment>
        <translation>Samoa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>San Marino</source>
        <comment>country</comment>
        <translation>San Marino</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saudi Arabia</source>
        <comment>country</comment>
        <translation>Arábia Saudita</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Senegal</source>
        <comment>country</comment>
        <translation>Senegal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serbia</source>
        <comment>country</comment>
        <translation>Sérvia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seychelles</source>
        <comment>country</comment>
        <translation>Seicheles</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sierra Leone</source>
        <comment>country</comment>
        <translation>Serra Leoa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Singapore</source>
        <comment>country</comment>
        <translation>Singapura</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sint Maarten</source>
        <comment>country</comment>
        <translation>Sint Maarten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slovakia</source>
        <comment>country</comment>
        <translation>Eslováquia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slovenia</source>
        <comment>country</comment>
        <translation>Eslovênia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Solomon Islands</source>
        <comment>country</comment>
        <translation>Ilhas Salomão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Somalia</source>
        <comment>country</comment>
        <translation>Somália</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>South Africa</source>
        <comment>country</comment>
        <translation>África do Sul</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>South Sudan</source>
        <comment>country</comment>
        <translation>Sudão do Sul</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spain</source>
        <comment>country</comment>
        <translation>Espanha</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sri Lanka</source>
        <comment>country</comment>
        <translation>Sri Lanka</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sudan</source>
        <comment>country</comment>
        <translation>Sudão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suriname</source>
        <comment>country</comment>
        <translation>Suriname</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Eswatini</source>
        <comment>country</comment>
        <translation>Essuatíni</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sweden</source>
        <comment>country</comment>
        <translation>Suécia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switzerland</source>
        <comment>country</comment>
        <translation>Suíça</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syria</source>
        <comment>country</comment>
        <translation>Síria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taiwan</source>
        <comment>country</comment>
        <translation>Taiwan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tajikistan</source>
        <comment>country</comment>
        <translation>Tadjiquistão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tanzania</source>
        <comment>country</comment>
        <translation>Tanzânia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thailand</source>
        <comment>country</comment>
        <translation>Tailândia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timor-Leste</source>
        <comment>country</comment>
        <translation>Timor-Leste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Togo</source>
        <comment>country</comment>
        <translation>Togo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tokelau</source>
        <comment>country</comment>
        <translation>Tokelau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tonga</source>
        <comment>country</comment>
        <translation>Tonga</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tunisia</source>
        <comment>country</comment>
        <translation>Tunísia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turkey</source>
        <comment>country</comment>
        <translation>Turquia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turkmenistan</source>
        <comment>country</comment>
        <translation>Turcomenistão</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tuvalu</source>
        <comment>country</comment>
        <translation>Tuvalu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uganda</source>
        <comment>country</comment>
        <translation>Uganda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ukraine</source>
        <comment>country</comment>
        <translation>Ucrânia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>United Arab Emirates</source>
        <comment>country</comment>
        <translation>Emirados Árabes Unidos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>United Kingdom</source>
        <comment>country</comment>
        <translation>Reino Unido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>U.S. Outlying Islands</source>
        <comment>country</comment>
        <translation>Ilhas Menores Distantes dos EUA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uruguay</source>
        <comment>country</comment>
        <translation>Uruguai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uzbekistan</source>
        <comment>country</comment>
        <translation>Uzbequistão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vanuatu</source>
        <comment>country</comment>
        <translation>Vanuatu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Venezuela</source>
        <comment>country</comment>
        <translation>Venezuela</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vietnam</source>
        <comment>country</comment>
        <translation>Vietnã</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>British Virgin Islands</source>
        <comment>country</comment>
        <translation>Ilhas Virgens Britânicas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>U.S. Virgin Islands</source>
        <comment>country</comment>
        <translation>Ilhas Virgens Americanas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Western Sahara</source>
        <comment>country</comment>
        <translation>Saara Ocidental</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yemen</source>
        <comment>country</comment>
        <translation>Iêmen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zambia</source>
        <comment>country</comment>
        <translation>Zâmbia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zimbabwe</source>
        <comment>country</comment>
        <translation>Zimbábue</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CredentialProcessProvider</name>
    <message>
        <location filename="../core/aws/credentialprocessprovider.cpp" line="+58"/>
        <source>credential_process of profile %1</source>
        <translation>credential_process do perfil %1</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The credential_process of profile %1 failed: %2</source>
        <translation>O credential_process do perfil %1 falhou: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The credential_process (%1) of profile %2 failed: %3</source>
        <translation>O credential_process (%1) do perfil %2 falhou: %3</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The credential_process of profile %1 cannot be run: %2</source>
        <translation>O credential_process do perfil %1 não pode ser executado: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the command is empty.</source>
        <translation>o comando está vazio.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>it could not be started (%1).</source>
        <translation>não foi possível iniciá-lo (%1).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source> Its error output: %1</source>
        <translation> Saída de erro: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>it did not finish within %n second(s).</source>
        <translation>
            <numerusform>ele não terminou em %n segundo.</numerusform>
            <numerusform>ele não terminou em %n segundos.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>its output exceeded %1 KiB.</source>
        <translation>a saída dele excedeu %1 KiB.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it crashed.</source>
        <translation>ele travou.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it exited with code %1.</source>
        <translation>ele terminou com o código %1.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>it returned credentials that expired at %1.</source>
        <translation>ele retornou credenciais que expiraram em %1.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>its output is not a JSON object.</source>
        <translation>a saída dele não é um objeto JSON.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>its output has no &quot;Version&quot; (expected 1).</source>
        <translation>a saída dele não tem &quot;Version&quot; (esperado 1).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>its output has an unsupported &quot;Version&quot; (only 1 is supported).</source>
        <translation>a saída dele tem uma &quot;Version&quot; não suportada (apenas 1 é suportada).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>its output has no &quot;AccessKeyId&quot; string.</source>
        <translation>a saída dele não tem a string &quot;AccessKeyId&quot;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its output has no &quot;SecretAccessKey&quot; string.</source>
        <translation>a saída dele não tem a string &quot;SecretAccessKey&quot;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its &quot;SessionToken&quot; is not a string.</source>
        <translation>o &quot;SessionToken&quot; dele não é uma string.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its &quot;Expiration&quot; is not a string.</source>
        <translation>o &quot;Expiration&quot; dele não é uma string.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>its &quot;Expiration&quot; is not an ISO 8601 date-time: %1</source>
        <translation>o &quot;Expiration&quot; dele não é uma data e hora ISO 8601: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CsvWriter</name>
    <message>
        <location filename="../core/output/csvwriter.cpp" line="+105"/>
        <source>The CSV output is not open for writing.</source>
        <translation>A saída CSV não está aberta para gravação.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not write the CSV output: %1</source>
        <translation>Não foi possível gravar a saída CSV: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::DetailsLoader</name>
    <message>
        <location filename="../core/model/detailsloader.cpp" line="+68"/>
        <source>Not connected.</source>
        <translation>Não conectado.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::EndpointPolicy</name>
    <message>
        <location filename="../core/http/endpointpolicy.cpp" line="+22"/>
        <source>The endpoint URL &quot;%1&quot; is not a valid URL with a host name.</source>
        <translation>O URL do endpoint &quot;%1&quot; não é um URL válido com nome de host.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The endpoint URL &quot;%1&quot; must start with https://.</source>
        <translation>O URL do endpoint &quot;%1&quot; deve começar com https://.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refusing the plain-HTTP endpoint &quot;%1&quot;: the request and its signature would travel unencrypted. Use https://, or http:// only with a loopback address (127.0.0.1, ::1 or localhost).</source>
        <translation>O endpoint HTTP sem criptografia &quot;%1&quot; foi recusado: a solicitação e sua assinatura trafegariam sem criptografia. Use https://, ou http:// apenas com um endereço de loopback (127.0.0.1, ::1 ou localhost).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Refusing to send plain-HTTP requests for &quot;%1&quot; through the proxy %2: the request and its signature would travel unencrypted. Add the endpoint&apos;s host to NO_PROXY, or use a proxy on this computer.</source>
        <translation>Recusando o envio de solicitações HTTP sem criptografia para &quot;%1&quot; pelo proxy %2: a solicitação e a assinatura dela trafegariam sem criptografia. Adicione o host do endpoint a NO_PROXY ou use um proxy neste computador.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpClient</name>
    <message>
        <location filename="../core/http/httpclient.cpp" line="+244"/>
        <source>The proxy %1 did not answer the tunnel request with HTTP: %2</source>
        <translation>O proxy %1 não respondeu à solicitação de túnel com HTTP: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The proxy %1 refused the tunnel to %2 with HTTP %3 %4.</source>
        <translation>O proxy %1 recusou o túnel para %2 com HTTP %3 %4.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The proxy %1 sent data before the TLS handshake with %2.</source>
        <translation>O proxy %1 enviou dados antes do handshake TLS com %2.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The proxy %1 answered 407 (Proxy authentication required): it refused the user name and password of the proxy URL.</source>
        <translation>O proxy %1 respondeu 407 (autenticação de proxy necessária): ele recusou o nome de usuário e a senha do URL do proxy.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The proxy %1 answered 407 (Proxy authentication required): give the proxy URL a user name and password, as http://user:password@host:port.</source>
        <translation>O proxy %1 respondeu 407 (autenticação de proxy necessária): informe um nome de usuário e uma senha no URL do proxy, como http://usuario:senha@host:porta.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The proxy %1 closed the connection instead of opening a tunnel to %2.</source>
        <translation>O proxy %1 fechou a conexão em vez de abrir um túnel para %2.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>The TLS handshake with %1 failed: %2</source>
        <translation>O handshake TLS com %1 falhou: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not connect to the proxy %1: %2</source>
        <translation>Não foi possível conectar ao proxy %1: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The proxy %1 did not answer the tunnel request within %2 ms.</source>
        <translation>O proxy %1 não respondeu à solicitação de túnel em %2 ms.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No data arrived for %1 ms; the exchange timed out.</source>
        <translation>Nenhum dado chegou por %1 ms; a troca expirou.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpReply</name>
    <message>
        <location line="+58"/>
        <source>The request was cancelled.</source>
        <translation>A solicitação foi cancelada.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpResponseParser</name>
    <message>
        <location filename="../core/http/httpresponseparser.cpp" line="+159"/>
        <source>The connection closed without a response.</source>
        <translation>A conexão foi fechada sem resposta.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The connection closed in the middle of the response header.</source>
        <translation>A conexão foi fechada no meio do cabeçalho da resposta.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection closed after %1 bytes of the response body.</source>
        <translation>A conexão foi fechada após %1 bytes do corpo da resposta.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A line of the response is longer than %1 KiB.</source>
        <translation>Uma linha da resposta é maior que %1 KiB.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The response does not start with an HTTP/1.x status line.</source>
        <translation>A resposta não começa com uma linha de status HTTP/1.x.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The response folds a header field over several lines.</source>
        <translation>A resposta divide um campo de cabeçalho em várias linhas.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The response has a malformed header field.</source>
        <translation>A resposta tem um campo de cabeçalho malformado.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The server switched protocols, which was not asked for.</source>
        <translation>O servidor trocou de protocolo sem que isso tenha sido solicitado.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The response has an invalid or conflicting Content-Length.</source>
        <translation>A resposta tem um Content-Length inválido ou conflitante.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The response announces %1 bytes, more than the %2 accepted.</source>
        <translation>A resposta anuncia %1 bytes, mais que os %2 aceitos.</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>A chunk of the response runs past its size.</source>
        <translation>Um bloco da resposta ultrapassa o tamanho declarado.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The response has an invalid chunk size.</source>
        <translation>A resposta tem um tamanho de bloco inválido.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+13"/>
        <source>The response is larger than the %1 bytes accepted.</source>
        <translation>A resposta é maior que os %1 bytes aceitos.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::KeychainCredentialStore</name>
    <message>
        <location filename="../core/aws/keychaincredentialstore.cpp" line="+44"/>
        <source>Nothing is stored in the system keychain under “%1”.</source>
        <translation>Nada está guardado no chaveiro do sistema com o nome &quot;%1&quot;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No system keychain is available (on Linux, a Secret Service such as GNOME Keyring or KWallet must be running and unlocked).</source>
        <translation>Nenhum chaveiro do sistema está disponível (no Linux, um Secret Service como o GNOME Keyring ou o KWallet precisa estar em execução e desbloqueado).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Access to “%1” in the system keychain was denied.</source>
        <translation>O acesso a &quot;%1&quot; no chaveiro do sistema foi negado.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reading “%1” from the system keychain failed.</source>
        <translation>Falha ao ler &quot;%1&quot; do chaveiro do sistema.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Storing “%1” in the system keychain failed.</source>
        <translation>Falha ao guardar &quot;%1&quot; no chaveiro do sistema.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Removing “%1” from the system keychain failed.</source>
        <translation>Falha ao remover &quot;%1&quot; do chaveiro do sistema.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>system keychain</source>
        <translation>chaveiro do sistema</translation>
    </message>
</context>
<context>
    <name>Pd::Core::KeychainCredentialsProvider</name>
    <message>
        <location filename="../core/aws/keychaincredentialsprovider.cpp" line="+21"/>
        <source>PartnerDesk profile %1 (%2)</source>
        <translation>perfil do PartnerDesk %1 (%2)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>PartnerDesk profile %1 has no access key id.</source>
        <translation>O perfil do PartnerDesk %1 não tem ID de chave de acesso.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The secret access key of PartnerDesk profile %1 is missing from the %2. Enter it again in the profile settings.</source>
        <translation>A chave de acesso secreta do perfil do PartnerDesk %1 não está no %2. Digite-a novamente nas configurações do perfil.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The secret access key of PartnerDesk profile %1 could not be read: %2</source>
        <translation>Não foi possível ler a chave de acesso secreta do perfil do PartnerDesk %1: %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The session token of PartnerDesk profile %1 could not be read: %2</source>
        <translation>Não foi possível ler o token de sessão do perfil do PartnerDesk %1: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ListOpportunitiesRequest</name>
    <message>
        <location filename="../core/api/listopportunitiesrequest.cpp" line="+150"/>
        <source>%1 accepts at most %2 values; %3 were given.</source>
        <translation>%1 aceita no máximo %2 valores; foram informados %3.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+514"/>
        <source>%1 is not a valid %2. Allowed values (exact spelling): %3.</source>
        <translation>%1 não é um valor válido para %2. Valores permitidos (grafia exata): %3.</translation>
    </message>
    <message>
        <location line="-492"/>
        <source>%1 must lie between the years 0000 and 9999 (UTC).</source>
        <translation>%1 deve estar entre os anos 0000 e 9999 (UTC).</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+26"/>
        <source>%1 (%2) must not be later than %3 (%4).</source>
        <translation>%1 (%2) não pode ser posterior a %3 (%4).</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>%1 is not a valid %2; expected a date as YYYY-MM-DD, e.g. 2026-12-31.</source>
        <translation>%1 não é um valor válido para %2; esperava-se uma data no formato AAAA-MM-DD, por exemplo 2026-12-31.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>%1 must be %2.</source>
        <translation>%1 deve ser %2.</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+24"/>
        <source>a string</source>
        <translation>uma string</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>a list of strings</source>
        <translation>uma lista de strings</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>a non-string value</source>
        <translation>um valor que não é string</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is not a valid %2; expected an RFC 3339 date-time string such as 2026-08-01T00:00:00Z.</source>
        <translation>%1 não é um valor válido para %2; esperava-se uma data e hora RFC 3339, como 2026-08-01T00:00:00Z.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>an object</source>
        <translation>um objeto</translation>
    </message>
    <message>
        <location line="+282"/>
        <source>Catalog is required: use &quot;AWS&quot; for production or &quot;Sandbox&quot; for testing.</source>
        <translation>Catalog é obrigatório: use &quot;AWS&quot; para produção ou &quot;Sandbox&quot; para testes.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is not a valid Catalog; use &quot;AWS&quot; for production or &quot;Sandbox&quot; for testing.</source>
        <translation>%1 não é um Catalog válido; use &quot;AWS&quot; para produção ou &quot;Sandbox&quot; para testes.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 is required: an opportunity identifier, e.g. O1234567.</source>
        <translation>%1 é obrigatório: um identificador de oportunidade, por exemplo O1234567.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>MaxResults must be between %1 and %2; %3 was given.</source>
        <translation>MaxResults deve estar entre %1 e %2; foi informado %3.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 is required when Sort is given. Allowed values: %2.</source>
        <translation>%1 é obrigatório quando Sort é informado. Valores permitidos: %2.</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>%1 is not a valid opportunity identifier; expected &quot;O&quot; followed by 1 to 19 digits, e.g. O1234567.</source>
        <translation>%1 não é um identificador de oportunidade válido; esperava-se &quot;O&quot; seguido de 1 a 19 dígitos, por exemplo O1234567.</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>stage</source>
        <translation>estágio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>review status</source>
        <translation>status da revisão</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The request is not valid JSON: %1 at offset %2.</source>
        <translation>A solicitação não é um JSON válido: %1 na posição %2.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The request must be a JSON object.</source>
        <translation>A solicitação deve ser um objeto JSON.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+11"/>
        <source>a whole number</source>
        <translation>um número inteiro</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>MaxResults must be between %1 and %2.</source>
        <translation>MaxResults deve estar entre %1 e %2.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ListOpportunitiesResponse</name>
    <message>
        <location filename="../core/api/opportunitysummary.cpp" line="+358"/>
        <source>The response is not a JSON object.</source>
        <translation>A resposta não é um objeto JSON.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The response has no OpportunitySummaries list.</source>
        <translation>A resposta não tem a lista OpportunitySummaries.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 must be %2.</source>
        <translation>%1 deve ser %2.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>a string</source>
        <translation>uma string</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a date-time string</source>
        <translation>uma string de data e hora</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>an object</source>
        <translation>um objeto</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>a list</source>
        <translation>uma lista</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a list of strings</source>
        <translation>uma lista de strings</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a list of objects</source>
        <translation>uma lista de objetos</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The response is not valid JSON: %1.</source>
        <translation>A resposta não é um JSON válido: %1.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OperationCall</name>
    <message>
        <location filename="../core/api/operationcall.cpp" line="+29"/>
        <source>The client of this call no longer exists.</source>
        <translation>O cliente desta chamada não existe mais.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The request was cancelled.</source>
        <translation>A solicitação foi cancelada.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The service sent a response that could not be read: %1</source>
        <translation>O serviço enviou uma resposta que não pôde ser lida: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityLister</name>
    <message>
        <location filename="../core/api/opportunitylister.cpp" line="+194"/>
        <source>No client to call the service with.</source>
        <translation>Não há cliente para chamar o serviço.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The listing was cancelled.</source>
        <translation>A listagem foi cancelada.</translation>
    </message>
    <message>
        <location line="+125"/>
        <source>The service sent the same NextToken twice in a row.</source>
        <translation>O serviço enviou o mesmo NextToken duas vezes seguidas.</translation>
    </message>
    <message>
        <location line="+328"/>
        <source>No page of the listing succeeded in %1 s.</source>
        <translation>Nenhuma página da listagem foi obtida em %1 s.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityModel</name>
    <message>
        <location filename="../core/model/opportunitymodel.cpp" line="+481"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Owner</source>
        <translation>Responsável</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Project.Title, from the opportunity&apos;s details</source>
        <translation>Project.Title, dos detalhes da oportunidade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first member of the opportunity team, from its details</source>
        <translation>O primeiro membro da equipe da oportunidade, dos detalhes dela</translation>
    </message>
    <message>
        <location line="+224"/>
        <source>The service sent a response that could not be read: %1</source>
        <translation>O serviço enviou uma resposta que não pôde ser lida: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityStoreDb</name>
    <message>
        <location filename="../core/store/opportunitystoredb.cpp" line="+361"/>
        <source>A sync is running on %1 (%2); the local copy was not deleted.</source>
        <translation>Há uma sincronização em andamento em %1 (%2); a cópia local não foi excluída.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Could not delete %1: %2</source>
        <translation>Não foi possível excluir %1: %2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Could not create the folder %1 for the local copy.</source>
        <translation>Não foi possível criar a pasta %1 para a cópia local.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>There is no local copy at %1: run partnerdesk-cli sync first.</source>
        <translation>Não há cópia local em %1: execute primeiro partnerdesk-cli sync.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>it is not an SQLite database</source>
        <translation>não é um banco de dados SQLite</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not open the local copy %1: %2</source>
        <translation>Não foi possível abrir a cópia local %1: %2</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>it needs an update, and its folder is read-only</source>
        <translation>ela precisa de uma atualização, e a pasta dela é somente leitura</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The local copy %1 is unusable (%2) and could not be renamed aside.</source>
        <translation>A cópia local %1 está inutilizável (%2) e não foi possível renomeá-la para deixá-la de lado.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The local copy %1 was unusable (%2). It was renamed to %3 and a new local copy is built.</source>
        <translation>A cópia local %1 estava inutilizável (%2). Ela foi renomeada para %3 e uma nova cópia local está sendo criada.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Could not prepare the local copy %1: %2</source>
        <translation>Não foi possível preparar a cópia local %1: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>it was written by a newer PartnerDesk (schema %1; this one knows %2)</source>
        <translation>ela foi gravada por uma versão mais recente do PartnerDesk (esquema %1; esta conhece %2)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>it is not a PartnerDesk local copy</source>
        <translation>não é uma cópia local do PartnerDesk</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>The local copy %1 is empty and its folder is read-only.</source>
        <translation>A cópia local %1 está vazia e a pasta dela é somente leitura.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>record whose data it holds</source>
        <translation>registrar de quem são os dados que ela contém</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The local copy %1 holds catalog %2 of %3 at %4, not catalog %5 of %6 at %7; give another --store file.</source>
        <translation>A cópia local %1 contém o catálogo %2 de %3 em %4, não o catálogo %5 de %6 em %7; indique outro arquivo --store.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>the disk is full</source>
        <translation>o disco está cheio</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the file or its folder is read-only</source>
        <translation>o arquivo ou a pasta dele é somente leitura</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a disk error (%1); the disk may be full</source>
        <translation>um erro de disco (%1); o disco pode estar cheio</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not %1 in the local copy %2: %3. What it held before stays readable.</source>
        <translation>Não foi possível %1 na cópia local %2: %3. O que ela continha antes continua legível.</translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+17"/>
        <location line="+15"/>
        <location line="+91"/>
        <location line="+15"/>
        <source>read the opportunities</source>
        <translation>ler as oportunidades</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+8"/>
        <location line="+8"/>
        <location line="+15"/>
        <source>record what was seen</source>
        <translation>registrar o que foi visto</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not sync the local copy %1: the file or its folder is read-only. What it held before stays readable.</source>
        <translation>Não foi possível sincronizar a cópia local %1: o arquivo ou a pasta dele é somente leitura. O que ela continha antes continua legível.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+7"/>
        <location line="+7"/>
        <location line="+4"/>
        <location line="+8"/>
        <source>begin a sync</source>
        <translation>iniciar uma sincronização</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>store a page of opportunities</source>
        <translation>armazenar uma página de oportunidades</translation>
    </message>
    <message>
        <location line="+185"/>
        <source>mark removed opportunities</source>
        <translation>marcar as oportunidades removidas</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>end the sync</source>
        <translation>concluir a sincronização</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>record the end of a sync</source>
        <translation>registrar o fim de uma sincronização</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>this program</source>
        <translation>este programa</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>process %1 on %2</source>
        <translation>o processo %1 em %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the lock file cannot be created: the folder is read-only</source>
        <translation>não é possível criar o arquivo de bloqueio: a pasta é somente leitura</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>another process</source>
        <translation>outro processo</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>keep the details of an opportunity</source>
        <translation>guardar os detalhes de uma oportunidade</translation>
    </message>
    <message>
        <location line="+78"/>
        <location line="+14"/>
        <source>read the kept details</source>
        <translation>ler os detalhes guardados</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+8"/>
        <source>count a read request</source>
        <translation>contar uma solicitação de leitura</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityText</name>
    <message>
        <location filename="../core/model/opportunitytext.cpp" line="+33"/>
        <source>AWS</source>
        <comment>catalog</comment>
        <translation>AWS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sandbox</source>
        <comment>catalog</comment>
        <translation>Sandbox</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Prospect</source>
        <comment>stage</comment>
        <translation>Prospecção</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qualified</source>
        <comment>stage</comment>
        <translation>Qualificada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Technical Validation</source>
        <comment>stage</comment>
        <translation>Validação técnica</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Business Validation</source>
        <comment>stage</comment>
        <translation>Validação de negócios</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Committed</source>
        <comment>stage</comment>
        <translation>Comprometida</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Launched</source>
        <comment>stage</comment>
        <translation>Lançada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed Lost</source>
        <comment>stage</comment>
        <translation>Perdida</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pending Submission</source>
        <comment>review status</comment>
        <translation>Envio pendente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Submitted</source>
        <comment>review status</comment>
        <translation>Enviada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In Review</source>
        <comment>review status</comment>
        <translation>Em revisão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <comment>review status</comment>
        <translation>Aprovada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <comment>review status</comment>
        <translation>Rejeitada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Action Required</source>
        <comment>review status</comment>
        <translation>Ação necessária</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Net New Business</source>
        <comment>opportunity type</comment>
        <translation>Novo negócio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Flat Renewal</source>
        <comment>opportunity type</comment>
        <translation>Renovação sem alterações</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expansion</source>
        <comment>opportunity type</comment>
        <translation>Expansão</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Customer Deficiency</source>
        <comment>closed lost reason</comment>
        <translation>Deficiência do cliente</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delay / Cancellation of Project</source>
        <comment>closed lost reason</comment>
        <translation>Atraso / cancelamento do projeto</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Legal / Tax / Regulatory</source>
        <comment>closed lost reason</comment>
        <translation>Jurídico / fiscal / regulatório</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Google</source>
        <comment>closed lost reason</comment>
        <translation>Perdida para concorrente – Google</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Microsoft</source>
        <comment>closed lost reason</comment>
        <translation>Perdida para concorrente – Microsoft</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - SoftLayer</source>
        <comment>closed lost reason</comment>
        <translation>Perdida para concorrente – SoftLayer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - VMware</source>
        <comment>closed lost reason</comment>
        <translation>Perdida para concorrente – VMware</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Other</source>
        <comment>closed lost reason</comment>
        <translation>Perdida para concorrente – Outro</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No Opportunity</source>
        <comment>closed lost reason</comment>
        <translation>Sem oportunidade</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On-Premises Deployment</source>
        <comment>closed lost reason</comment>
        <translation>Implantação local</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Partner Gap</source>
        <comment>closed lost reason</comment>
        <translation>Lacuna do parceiro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <comment>closed lost reason</comment>
        <translation>Preço</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Security / Compliance</source>
        <comment>closed lost reason</comment>
        <translation>Segurança / conformidade</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Technical Limitations</source>
        <comment>closed lost reason</comment>
        <translation>Limitações técnicas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer Experience</source>
        <comment>closed lost reason</comment>
        <translation>Experiência do cliente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other</source>
        <comment>closed lost reason</comment>
        <translation>Outro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>People, Relationship, Governance</source>
        <comment>closed lost reason</comment>
        <translation>Pessoas, relacionamento, governança</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Product, Technology</source>
        <comment>closed lost reason</comment>
        <translation>Produto, tecnologia</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Financial, Commercial</source>
        <comment>closed lost reason</comment>
        <translation>Financeiro, comercial</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Aerospace</source>
        <comment>industry</comment>
        <translation>Aeroespacial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agriculture</source>
        <comment>industry</comment>
        <translation>Agricultura</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automotive</source>
        <comment>industry</comment>
        <translation>Automotivo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Computers and Electronics</source>
        <comment>industry</comment>
        <translation>Computadores e eletrônicos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Consumer Goods</source>
        <comment>industry</comment>
        <translation>Bens de consumo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Education</source>
        <comment>industry</comment>
        <translation>Educação</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Energy - Oil and Gas</source>
        <comment>industry</comment>
        <translation>Energia – petróleo e gás</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Energy - Power and Utilities</source>
        <comment>industry</comment>
        <translation>Energia – eletricidade e serviços públicos</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Financial Services</source>
        <comment>industry</comment>
        <translation>Serviços financeiros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gaming</source>
        <comment>industry</comment>
        <translation>Jogos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Government</source>
        <comment>industry</comment>
        <translation>Governo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Healthcare</source>
        <comment>industry</comment>
        <translation>Saúde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hospitality</source>
        <comment>industry</comment>
        <translation>Hotelaria</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Life Sciences</source>
        <comment>industry</comment>
        <translation>Ciências da vida</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Manufacturing</source>
        <comment>industry</comment>
        <translation>Manufatura</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Marketing and Advertising</source>
        <comment>industry</comment>
        <translation>Marketing e publicidade</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Media and Entertainment</source>
        <comment>industry</comment>
        <translation>Mídia e entretenimento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mining</source>
        <comment>industry</comment>
        <translation>Mineração</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Non-Profit Organization</source>
        <comment>industry</comment>
        <translation>Organização sem fins lucrativos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Professional Services</source>
        <comment>industry</comment>
        <translation>Serviços profissionais</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Real Estate and Construction</source>
        <comment>industry</comment>
        <translation>Imóveis e construção</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retail</source>
        <comment>industry</comment>
        <translation>Varejo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Software and Internet</source>
        <comment>industry</comment>
        <translation>Software e internet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Telecommunications</source>
        <comment>industry</comment>
        <translation>Telecomunicações</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transportation and Logistics</source>
        <comment>industry</comment>
        <translation>Transporte e logística</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Travel</source>
        <comment>industry</comment>
        <translation>Viagens</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wholesale and Distribution</source>
        <comment>industry</comment>
        <translation>Atacado e distribuição</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <comment>industry</comment>
        <translation>Outro</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SaaS or PaaS</source>
        <comment>delivery model</comment>
        <translation>SaaS ou PaaS</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>BYOL or AMI</source>
        <comment>delivery model</comment>
        <translation>BYOL ou AMI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Managed Services</source>
        <comment>delivery model</comment>
        <translation>Serviços gerenciados</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Professional Services</source>
        <comment>delivery model</comment>
        <translation>Serviços profissionais</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resell</source>
        <comment>delivery model</comment>
        <translation>Revenda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <comment>delivery model</comment>
        <translation>Outro</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>monthly</source>
        <comment>spend frequency</comment>
        <translation>por mês</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>one-time</source>
        <comment>spend frequency</comment>
        <translation>único</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last modified</source>
        <comment>sort key</comment>
        <translation>Última modificação</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <comment>sort key</comment>
        <translation>Criação</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identifier</source>
        <comment>sort key</comment>
        <translation>Identificador</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Company name</source>
        <comment>sort key</comment>
        <translation>Nome da empresa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target close date</source>
        <comment>sort key</comment>
        <translation>Data de fechamento prevista</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ascending</source>
        <comment>sort order</comment>
        <translation>Crescente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Descending</source>
        <comment>sort order</comment>
        <translation>Decrescente</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog</source>
        <translation>Catálogo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ARN</source>
        <translation>ARN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partner CRM ID</source>
        <translation>ID do CRM do parceiro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Created</source>
        <translation>Criação</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last modified</source>
        <translation>Última modificação</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage</source>
        <translation>Estágio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review status</source>
        <translation>Status da revisão</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review status reason</source>
        <translation>Motivo do status da revisão</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review comments</source>
        <translation>Comentários da revisão</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next steps</source>
        <translation>Próximos passos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target close</source>
        <translation>Fechamento previsto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed lost reason</source>
        <translation>Motivo da perda</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Company</source>
        <translation>Empresa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Industry</source>
        <translation>Setor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other industry</source>
        <translation>Outro setor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Website</source>
        <translation>Site</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>City</source>
        <translation>Cidade</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Postal code</source>
        <translation>CEP</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State or region</source>
        <translation>Estado ou região</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Country</source>
        <translation>País</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delivery models</source>
        <translation>Modelos de entrega</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expected spend</source>
        <translation>Gasto previsto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contract duration</source>
        <translation>Duração do contrato</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duration unit</source>
        <translation>Unidade de duração</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>months</source>
        <comment>contract duration unit</comment>
        <translation>meses</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>%1 %2</source>
        <comment>amount, frequency</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2)</source>
        <comment>spend, target company</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <location line="+50"/>
        <source>%n months</source>
        <comment>contract duration</comment>
        <translation>
            <numerusform>%n mês</numerusform>
            <numerusform>%n meses</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 %2</source>
        <comment>value, unit</comment>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::PartnerDeskProfiles</name>
    <message>
        <location filename="../core/aws/partnerdeskprofiles.cpp" line="+76"/>
        <source>The profile name is empty.</source>
        <translation>O nome do perfil está vazio.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>The profile name is longer than %n character(s).</source>
        <translation>
            <numerusform>O nome do perfil tem mais de %n caractere.</numerusform>
            <numerusform>O nome do perfil tem mais de %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The profile name starts or ends with a space.</source>
        <translation>O nome do perfil começa ou termina com um espaço.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The profile name may not contain “/”, “\” or control characters.</source>
        <translation>O nome do perfil não pode conter “/”, “\” nem caracteres de controle.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Profile %1 needs an access key id and a secret access key.</source>
        <translation>O perfil %1 precisa de um ID de chave de acesso e de uma chave de acesso secreta.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No credential store is available.</source>
        <translation>Nenhum repositório de credenciais está disponível.</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+10"/>
        <source>Profile %1 was not saved: %2</source>
        <translation>O perfil %1 não foi salvo: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Profile %1 could not be written to %2.</source>
        <translation>Não foi possível gravar o perfil %1 em %2.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>There is no PartnerDesk profile named %1.</source>
        <translation>Não há perfil do PartnerDesk chamado %1.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Profile %1 was removed, but its secrets may remain in the keychain: %2</source>
        <translation>O perfil %1 foi removido, mas os segredos dele podem continuar no chaveiro: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::PipelineReportOutput</name>
    <message>
        <location filename="../core/output/pipelinereportoutput.cpp" line="+34"/>
        <source>Could not write the output: %1</source>
        <translation>Não foi possível gravar a saída: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ProxyServer</name>
    <message>
        <location filename="../core/http/proxysettings.cpp" line="+38"/>
        <source>The proxy URL “%1” is not valid: %2</source>
        <translation>O URL do proxy &quot;%1&quot; não é válido: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it is empty.</source>
        <translation>ele está vazio.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>only http:// proxies are supported, not %1://. Requests to https endpoints travel encrypted through an http:// proxy.</source>
        <translation>somente proxies http:// são suportados, não %1://. As solicitações para endpoints https trafegam criptografadas por um proxy http://.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>expected http://[user:password@]host[:port].</source>
        <translation>esperado http://[usuario:senha@]host[:porta].</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a proxy URL has no path, query or fragment.</source>
        <translation>um URL de proxy não tem caminho, consulta nem fragmento.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the port must be between 1 and 65535.</source>
        <translation>a porta deve estar entre 1 e 65535.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ProxySettings</name>
    <message>
        <location line="+67"/>
        <source>%1 (The proxy came from %2.)</source>
        <translation>%1 (O proxy veio de %2.)</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ReadBudget</name>
    <message>
        <location filename="../core/store/readbudget.cpp" line="+165"/>
        <source>Reads in 24 h: %1 / %2</source>
        <translation>Leituras em 24 h: %1 / %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No read requests in the last 24 hours.</source>
        <translation>Nenhuma solicitação de leitura nas últimas 24 horas.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read requests in the last 24 hours, counted by PartnerDesk (the quota is %1 a day, shared by every read):</source>
        <translation>Solicitações de leitura nas últimas 24 horas, contadas pelo PartnerDesk (a cota é de %1 por dia, compartilhada por todas as leituras):</translation>
    </message>
</context>
<context>
    <name>Pd::Core::SavedView</name>
    <message>
        <location filename="../core/model/savedview.cpp" line="+69"/>
        <source>&quot;%1&quot; must be a string.</source>
        <translation>&quot;%1&quot; deve ser uma string.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&quot;localFilter&quot; must be an object.</source>
        <translation>&quot;localFilter&quot; deve ser um objeto.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&quot;localFilter&quot;: unknown kind &quot;%1&quot;.</source>
        <translation>&quot;localFilter&quot;: tipo &quot;%1&quot; desconhecido.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&quot;localFilter&quot;: unknown attention view &quot;%1&quot;.</source>
        <translation>&quot;localFilter&quot;: visualização de atenção &quot;%1&quot; desconhecida.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>A view needs a name (&quot;name&quot;, a non-empty string).</source>
        <translation>Uma visualização precisa de um nome (&quot;name&quot;, uma string não vazia).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>View &quot;%1&quot;: %2</source>
        <translation>Visualização &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&quot;filters&quot; must be an object of ListOpportunities members.</source>
        <translation>&quot;filters&quot; deve ser um objeto com membros de ListOpportunities.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>filters.%1: %2</source>
        <translation>filters.%1: %2</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+4"/>
        <source>&quot;columns&quot; must be a list of column names.</source>
        <translation>&quot;columns&quot; deve ser uma lista de nomes de colunas.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&quot;sort&quot; must be {&quot;column&quot;: name, &quot;order&quot;: &quot;ascending&quot; or &quot;descending&quot;}.</source>
        <translation>&quot;sort&quot; deve ser {&quot;column&quot;: nome, &quot;order&quot;: &quot;ascending&quot; ou &quot;descending&quot;}.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Not valid JSON: %1 at offset %2.</source>
        <translation>JSON inválido: %1 na posição %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not a PartnerDesk view file: a JSON object is expected.</source>
        <translation>Não é um arquivo de visualização do PartnerDesk: era esperado um objeto JSON.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not a PartnerDesk view file: &quot;version&quot; must be a positive whole number.</source>
        <translation>Não é um arquivo de visualização do PartnerDesk: &quot;version&quot; deve ser um número inteiro positivo.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file is from a newer PartnerDesk (format version %1); this version reads format version %2.</source>
        <translation>O arquivo é de uma versão mais recente do PartnerDesk (versão de formato %1); esta versão lê a versão de formato %2.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Not a PartnerDesk view file: &quot;view&quot; must be an object.</source>
        <translation>Não é um arquivo de visualização do PartnerDesk: &quot;view&quot; deve ser um objeto.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::SavedViews</name>
    <message>
        <location line="+20"/>
        <source>Cannot read %1: %2</source>
        <translation>Não é possível ler %1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+10"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>%1: &quot;views&quot; must be a list.</source>
        <translation>%1: &quot;views&quot; deve ser uma lista.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Cannot write %1: %2</source>
        <translation>Não é possível gravar %1: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ShapeJson::ShapeReader</name>
    <message>
        <location filename="../core/api/shapereader.cpp" line="+20"/>
        <source>%1 must be %2.</source>
        <translation>%1 deve ser %2.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>a string</source>
        <translation>uma string</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>a whole number</source>
        <translation>um número inteiro</translation>
    </message>
    <message>
        <location line="+7"/>
        <location filename="../core/api/shapereader.h" line="+97"/>
        <source>an object</source>
        <translation>um objeto</translation>
    </message>
    <message>
        <location filename="../core/api/shapereader.h" line="-67"/>
        <source>The response is not a JSON object.</source>
        <translation>A resposta não é um objeto JSON.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>a list</source>
        <translation>uma lista</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The response is not valid JSON: %1.</source>
        <translation>A resposta não é um JSON válido: %1.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ShellWords</name>
    <message>
        <location filename="../core/util/shellwords.cpp" line="+45"/>
        <source>The command line ends with a lone backslash.</source>
        <translation>A linha de comando termina com uma barra invertida solta.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The command line has an unterminated %1 quote.</source>
        <translation>A linha de comando tem uma aspa %1 sem fechamento.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::StaticCredentialsProvider</name>
    <message>
        <location filename="../core/aws/credentialsprovider.cpp" line="+11"/>
        <source>No access key is configured (%1).</source>
        <translation>Nenhuma chave de acesso está configurada (%1).</translation>
    </message>
</context>
<context>
    <name>Pd::Core::StoreSync</name>
    <message>
        <location filename="../core/store/storesync.cpp" line="+116"/>
        <source>The local copy is not open.</source>
        <translation>A cópia local não está aberta.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No client to call the service with.</source>
        <translation>Não há cliente para chamar o serviço.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A sync of this local copy is running (%1); try again when it has finished.</source>
        <translation>Uma sincronização desta cópia local está em andamento (%1); tente novamente quando ela terminar.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Could not open the local copy %1 for writing.</source>
        <translation>Não foi possível abrir a cópia local %1 para gravação.</translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+82"/>
        <source>The sync was cancelled.</source>
        <translation>A sincronização foi cancelada.</translation>
    </message>
</context>
<context>
    <name>Pd::Emulator::EmulatorServer</name>
    <message>
        <location filename="../emulator/emulatorserver.cpp" line="+90"/>
        <source>The emulator is already running.</source>
        <translation>O emulador já está em execução.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Counts, fault intervals, latency and rate limit must not be negative.</source>
        <translation>Contagens, intervalos de falhas, latência e limite de taxa não podem ser negativos.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The bulk percentage must be between 0 and 100.</source>
        <translation>A porcentagem de alterações em massa deve estar entre 0 e 100.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The throttling status must be 400 or 429.</source>
        <translation>O status de limitação deve ser 400 ou 429.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The access key and the region must not be empty.</source>
        <translation>A chave de acesso e a região não podem estar vazias.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Cannot write the log file %1: %2</source>
        <translation>Não é possível gravar o arquivo de log %1: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot listen on 127.0.0.1:%1: %2</source>
        <translation>Não é possível escutar em 127.0.0.1:%1: %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Cannot read the data file %1: %2</source>
        <translation>Não é possível ler o arquivo de dados %1: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The data file %1 is not a valid ListOpportunities response: %2</source>
        <translation>O arquivo de dados %1 não é uma resposta ListOpportunities válida: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Emulator::EmulatorThread</name>
    <message>
        <location filename="../emulator/emulatorthread.cpp" line="+22"/>
        <source>The emulator is already running.</source>
        <translation>O emulador já está em execução.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::AboutDialog</name>
    <message>
        <location filename="../ui/aboutdialog.cpp" line="+19"/>
        <location line="+33"/>
        <source>About PartnerDesk</source>
        <translation>Sobre o PartnerDesk</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Browse, filter, inspect and export AWS Partner Central opportunities.</source>
        <translation>Navegue, filtre, consulte e exporte as oportunidades do AWS Partner Central.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Built with Qt %1, running on Qt %2.</source>
        <translation>Compilado com Qt %1, em execução no Qt %2.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Libraries and their licenses</source>
        <translation>Bibliotecas e suas licenças</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Qt: GNU Lesser General Public License v3.0 (LGPL-3.0)</source>
        <translation>Qt: GNU Lesser General Public License v3.0 (LGPL-3.0)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QtKeychain: BSD 3-Clause License</source>
        <translation>QtKeychain: licença BSD de 3 cláusulas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>simdjson: Apache License 2.0</source>
        <translation>simdjson: licença Apache 2.0</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PartnerDesk is not affiliated with Amazon Web Services. AWS and AWS Partner Central are trademarks of Amazon.com, Inc. or its affiliates.</source>
        <translation>O PartnerDesk não é afiliado à Amazon Web Services. AWS e AWS Partner Central são marcas comerciais da Amazon.com, Inc. ou de suas afiliadas.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>About &amp;Qt</source>
        <translation>Sobre o &amp;Qt</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::AttentionBar</name>
    <message>
        <location filename="../ui/attentionbar.cpp" line="+123"/>
        <source>%1  %2</source>
        <translation>%1  %2</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 Of the loaded rows: %n.</source>
        <translation>
            <numerusform>%1 Das linhas carregadas: %n.</numerusform>
            <numerusform>%1 Das linhas carregadas: %n.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep a local copy (Settings › Local Copy…) to see what changed since you last looked.</source>
        <translation>Mantenha uma cópia local (Configurações › Cópia local…) para ver o que mudou desde a sua última consulta.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1: %n opportunities</source>
        <translation>
            <numerusform>%1: %n oportunidade</numerusform>
            <numerusform>%1: %n oportunidades</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ChangesView</name>
    <message>
        <location filename="../ui/changesview.cpp" line="+57"/>
        <source>Since I last looked</source>
        <translation>Desde minha última consulta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last sync</source>
        <translation>Última sincronização</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Last %n syncs</source>
        <translation>
            <numerusform>Última %n sincronização</numerusform>
            <numerusform>Últimas %n sincronizações</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which changes to show</source>
        <translation>Quais alterações mostrar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Mark All as Seen</source>
        <translation>Marcar tudo como &amp;visto</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Changed opportunities and their fields</source>
        <translation>Oportunidades alteradas e os campos delas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity</source>
        <translation>Oportunidade</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change</source>
        <translation>Alteração</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Synced</source>
        <translation>Sincronizado</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>No local copy: changes are recorded when PartnerDesk keeps a local copy (Settings › Local Copy…).</source>
        <translation>Sem cópia local: as alterações são registradas quando o PartnerDesk mantém uma cópia local (Configurações › Cópia local…).</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No changes.</source>
        <translation>Nenhuma alteração.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n changes, newest first.</source>
        <translation>
            <numerusform>%n alteração, a mais recente primeiro.</numerusform>
            <numerusform>%n alterações, as mais recentes primeiro.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>new</source>
        <translation>nova</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>changed</source>
        <translation>alterada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>removed</source>
        <translation>removida</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ChartExport</name>
    <message>
        <location filename="../ui/chartexport.cpp" line="+29"/>
        <location line="+4"/>
        <location line="+10"/>
        <location line="+14"/>
        <source>Could not write %1: %2</source>
        <translation>Não foi possível gravar %1: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ConnectionDialog</name>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="+30"/>
        <source>Connection</source>
        <translation>Conexão</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Credentials</source>
        <translation>Credenciais</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Automatic, like the AWS CLI</source>
        <translation>&amp;Automático, como a AWS CLI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Environment variables, then AWS_PROFILE, then the &quot;default&quot; profile.</source>
        <translation>Variáveis de ambiente, depois AWS_PROFILE e depois o perfil &quot;default&quot;.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AWS CLI &amp;profile</source>
        <translation>&amp;Perfil da AWS CLI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partner&amp;Desk profile</source>
        <translation>Perfil do Partner&amp;Desk</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>AWS CLI profile</source>
        <translation>Perfil da AWS CLI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Profiles in %1 and %2</source>
        <translation>Perfis em %1 e %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PartnerDesk profile</source>
        <translation>Perfil do PartnerDesk</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Service</source>
        <translation>Serviço</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From the profile, else us-east-1</source>
        <translation>A do perfil ou, se não houver, us-east-1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Region</source>
        <translation>Região</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The region&apos;s standard endpoint</source>
        <translation>O endpoint padrão da região</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Endpoint URL</source>
        <translation>URL do endpoint</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Region</source>
        <translation>&amp;Região</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Endpoint URL</source>
        <translation>URL do &amp;endpoint</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ystem proxy settings</source>
        <translation>Configurações de proxy do s&amp;istema</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTPS_PROXY, HTTP_PROXY and NO_PROXY when set, as the AWS CLI reads them; otherwise the desktop&apos;s proxy settings.</source>
        <translation>HTTPS_PROXY, HTTP_PROXY e NO_PROXY, se definidas, como a AWS CLI as lê; caso contrário, as configurações de proxy da área de trabalho.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;No proxy</source>
        <translation>&amp;Sem proxy</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Manual proxy:</source>
        <translation>Proxy &amp;manual:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>http://user:password@proxy.example.com:3128</source>
        <translation>http://usuario:senha@proxy.example.com:3128</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proxy URL</source>
        <translation>URL do proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A password in the proxy URL is kept in the system keychain, not in the settings, and is not shown again.</source>
        <translation>Uma senha no URL do proxy fica guardada no chaveiro do sistema, não nas configurações, e não é mostrada novamente.</translation>
    </message>
    <message>
        <location line="+153"/>
        <source>Through the proxy %1 (from %2).</source>
        <translation>Pelo proxy %1 (de %2).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Directly, without a proxy.</source>
        <translation>Diretamente, sem proxy.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connects to %1 (region %2) with credentials from %3.</source>
        <translation>Conecta-se a %1 (região %2) com as credenciais de: %3.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DateRangeEdit</name>
    <message>
        <location filename="../ui/daterangeedit.cpp" line="+47"/>
        <source>After</source>
        <comment>date filter bound</comment>
        <translation>Depois de</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before</source>
        <comment>date filter bound</comment>
        <translation>Antes de</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: use the After bound</source>
        <translation>%1: usar o limite “Depois de”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: use the Before bound</source>
        <translation>%1: usar o limite “Antes de”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 after</source>
        <translation>%1 depois de</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 before</source>
        <translation>%1 antes de</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>“After” must not be later than “Before”.</source>
        <translation>“Depois de” não pode ser posterior a “Antes de”.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailPane</name>
    <message>
        <location filename="../ui/detailpane.cpp" line="+71"/>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+107"/>
        <source>Opportunity details</source>
        <translation>Detalhes da oportunidade</translation>
    </message>
    <message>
        <location line="-105"/>
        <source>Select an opportunity to see all its details here.</source>
        <translation>Selecione uma oportunidade para ver todos os detalhes dela aqui.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Opportunity</source>
        <translation>Oportunidade</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity id</source>
        <translation>ID da oportunidade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the opportunity id</source>
        <translation>Copiar o ID da oportunidade</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity ARN</source>
        <translation>ARN da oportunidade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the ARN</source>
        <translation>Copiar o ARN</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ARN</source>
        <translation>ARN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partner CRM ID</source>
        <translation>ID do CRM do parceiro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation>Catálogo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Criação</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last modified</source>
        <translation>Última modificação</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lifecycle</source>
        <translation>Ciclo de vida</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage</source>
        <translation>Estágio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review status</source>
        <translation>Status da revisão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review comments</source>
        <translation>Comentários da revisão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review status reason</source>
        <translation>Motivo do status da revisão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next steps</source>
        <translation>Próximos passos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target close</source>
        <translation>Fechamento previsto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed lost reason</source>
        <translation>Motivo da perda</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company</source>
        <translation>Empresa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Industry</source>
        <translation>Setor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Website</source>
        <translation>Site</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Endereço</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Project</source>
        <translation>Projeto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivery models</source>
        <translation>Modelos de entrega</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected spend</source>
        <translation>Gasto previsto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract duration</source>
        <translation>Duração do contrato</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>History (local copy)</source>
        <translation>Histórico (cópia local)</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>AWS (production)</source>
        <translation>AWS (produção)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sandbox (testing)</source>
        <translation>Sandbox (testes)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 (overdue)</source>
        <translation>%1 (atrasada)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: %2</source>
        <comment>industry, other industry</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>estimate</source>
        <translation>estimativa</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailSections</name>
    <message>
        <location filename="../ui/detailsections.cpp" line="+93"/>
        <source>Project details</source>
        <translation>Detalhes do projeto</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customer business problem</source>
        <translation>Problema de negócio do cliente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use case</source>
        <translation>Caso de uso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales activities</source>
        <translation>Atividades de vendas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Competitors</source>
        <translation>Concorrentes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>APN programs</source>
        <translation>Programas da APN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS products</source>
        <translation>Produtos da AWS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Solutions</source>
        <translation>Soluções</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing</source>
        <translation>Marketing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Software revenue</source>
        <translation>Receita de software</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>People</source>
        <translation>Pessoas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer contacts</source>
        <translation>Contatos do cliente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunity team</source>
        <translation>Equipe da oportunidade</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next steps history</source>
        <translation>Histórico de próximos passos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timeline</source>
        <translation>Linha do tempo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AWS side</source>
        <translation>Lado da AWS</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Engagement score</source>
        <translation>Pontuação de engajamento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next best actions</source>
        <translation>Próximas ações recomendadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Involvement type</source>
        <translation>Tipo de envolvimento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS stage</source>
        <translation>Estágio da AWS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS team</source>
        <translation>Equipe da AWS</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Loading the details…</source>
        <translation>Carregando os detalhes…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading AWS&apos;s view…</source>
        <translation>Carregando a visão da AWS…</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Waiting for the read quota (%n s)…</source>
        <translation>
            <numerusform>Aguardando a cota de leitura (%n s)…</numerusform>
            <numerusform>Aguardando a cota de leitura (%n s)…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Not allowed: %1 needs the IAM permission partnercentral:%1. Browsing and the table are not affected.</source>
        <translation>Não permitido: %1 precisa da permissão do IAM partnercentral:%1. A navegação e a tabela não são afetadas.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not load (%1): %2</source>
        <translation>Não foi possível carregar (%1): %2</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Source: %1</source>
        <translation>Origem: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Campaign: %1</source>
        <translation>Campanha: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Channels: %1</source>
        <translation>Canais: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use cases: %1</source>
        <translation>Casos de uso: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>AWS funding used: %1</source>
        <translation>Financiamento da AWS usado: %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 to %2</source>
        <translation>de %1 a %2</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>No AWS summary yet.</source>
        <translation>Ainda não há resumo da AWS.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailsEnrichment</name>
    <message>
        <location filename="../ui/detailsenrichment.cpp" line="+64"/>
        <source>Read requests in the last 24 hours</source>
        <translation>Solicitações de leitura nas últimas 24 horas</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Titles and owners cannot be filled in: %1</source>
        <translation>Não é possível preencher títulos e responsáveis: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Titles and owners paused: their share of the daily read quota (%1 %) is spent.</source>
        <translation>Títulos e responsáveis em pausa: a parte deles da cota de leitura diária (%1%) se esgotou.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ErrorBanner</name>
    <message>
        <location filename="../ui/errorbanner.cpp" line="+18"/>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Retr&amp;y</source>
        <translation>Tentar &amp;novamente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry the failed request</source>
        <translation>Repetir a solicitação que falhou</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Connection…</source>
        <translation>&amp;Mudar conexão…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the connection settings</source>
        <translation>Abrir as configurações de conexão</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss</source>
        <translation>Dispensar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss the error</source>
        <translation>Dispensar o erro</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 (HTTP %2)</source>
        <translation>%1 (HTTP %2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The filters are not valid</source>
        <translation>Os filtros não são válidos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection settings problem</source>
        <translation>Problema nas configurações de conexão</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network error</source>
        <translation>Erro de rede</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service did not answer in time</source>
        <translation>O serviço não respondeu a tempo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unexpected response from the service</source>
        <translation>Resposta inesperada do serviço</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTP error %1</source>
        <translation>Erro HTTP %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request failed</source>
        <translation>Falha na solicitação</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your IAM identity needs the action partnercentral:ListOpportunities for this catalog.</source>
        <translation>Sua identidade do IAM precisa da ação partnercentral:ListOpportunities neste catálogo.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check the access key, the secret key and the system clock, or choose another profile under Connection.</source>
        <translation>Verifique a chave de acesso, a chave secreta e o relógio do sistema, ou escolha outro perfil em “Conexão”.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The account&apos;s read quota (10 requests per second, 100,000 per day) is used up. Retry in a moment.</source>
        <translation>A cota de leitura da conta (10 solicitações por segundo, 100.000 por dia) se esgotou. Tente novamente em instantes.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check the network connection and the endpoint, then retry.</source>
        <translation>Verifique a conexão de rede e o endpoint e tente novamente.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The problems are also shown next to the filters.</source>
        <translation>Os problemas também aparecem ao lado dos filtros.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a profile, region or endpoint under Settings › Connection.</source>
        <translation>Escolha um perfil, uma região ou um endpoint em Configurações › Conexão.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>• %1: %2</source>
        <translation>• %1: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The rows loaded so far (%1) are kept.</source>
        <translation>As linhas carregadas até agora (%1) são mantidas.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ExportDialog</name>
    <message>
        <location filename="../ui/exportdialog.cpp" line="+66"/>
        <location line="+184"/>
        <location line="+24"/>
        <location line="+25"/>
        <location line="+49"/>
        <source>Export to CSV</source>
        <translation>Exportar para CSV</translation>
    </message>
    <message>
        <location line="-278"/>
        <source>File to write</source>
        <translation>Arquivo a gravar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Procurar…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the file to write</source>
        <translation>Escolher o arquivo a gravar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;File:</source>
        <translation>&amp;Arquivo:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rows</source>
        <translation>Linhas</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Loads the pages not loaded yet first. Rows hidden by the quick filter are left out.</source>
        <translation>Carrega primeiro as páginas que ainda faltam. As linhas ocultas pelo filtro rápido ficam de fora.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Columns</source>
        <translation>Colunas</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Options</source>
        <translation>Opções</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Neutralise spreadsheet formulas (recommended)</source>
        <translation>&amp;Neutralizar fórmulas de planilha (recomendado)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cells beginning with = + - @ get a leading apostrophe so that spreadsheet programs do not run them as formulas.</source>
        <translation>Células que começam com = + - @ recebem um apóstrofo inicial para que as planilhas não as executem como fórmulas.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add a byte order &amp;mark (for Microsoft Excel)</source>
        <translation>Adicionar &amp;marca de ordem de bytes (para o Microsoft Excel)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Without it, Excel may read the UTF-8 file in a legacy encoding.</source>
        <translation>Sem ela, o Excel pode ler o arquivo UTF-8 em uma codificação antiga.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the table&apos;s column &amp;titles instead of field names</source>
        <translation>Usar os títulos das c&amp;olunas da tabela em vez dos nomes dos campos</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Field names such as LifeCycle.Stage are stable and match partnerdesk-cli; titles follow the language of PartnerDesk.</source>
        <translation>Nomes de campos como LifeCycle.Stage são estáveis e iguais aos do partnerdesk-cli; os títulos seguem o idioma do PartnerDesk.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cells hold the values exactly as the service sent them: API values, ISO dates and plain amounts.</source>
        <translation>As células contêm os valores exatamente como o serviço os enviou: valores da API, datas ISO e valores sem formatação.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportar</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>&amp;Selected rows (%1)</source>
        <translation>Linhas &amp;selecionadas (%1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Loaded rows (%1)</source>
        <translation>Linhas &amp;carregadas (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;All rows matching the filters (loads the remaining pages)</source>
        <translation>&amp;Todas as linhas que atendem aos filtros (carrega as páginas restantes)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;All rows matching the filters (%1)</source>
        <translation>&amp;Todas as linhas que atendem aos filtros (%1)</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>The %n visible columns, in table order</source>
        <translation>
            <numerusform>A %n coluna visível, na ordem da tabela</numerusform>
            <numerusform>As %n colunas visíveis, na ordem da tabela</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>All %n fields, as partnerdesk-cli --output csv writes them</source>
        <translation>
            <numerusform>O %n campo, como o partnerdesk-cli --output csv o grava</numerusform>
            <numerusform>Todos os %n campos, como o partnerdesk-cli --output csv os grava</numerusform>
        </translation>
    </message>
    <message>
        <location line="+45"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Arquivos CSV (*.csv);;Todos os arquivos (*)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>“%1” already exists. Replace it?</source>
        <translation>“%1” já existe. Substituir?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Replace</source>
        <translation>&amp;Substituir</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Preparing the export…</source>
        <translation>Preparando a exportação…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Loading every matching opportunity… %1 loaded</source>
        <translation>Carregando todas as oportunidades correspondentes… %1 carregadas</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Writing %1 of %2 rows…</source>
        <translation>Gravando %1 de %2 linhas…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading every matching opportunity…</source>
        <translation>Carregando todas as oportunidades correspondentes…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Nothing was exported.</source>
        <translation>Nada foi exportado.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::FilterPanel</name>
    <message>
        <location filename="../ui/filterpanel.cpp" line="+132"/>
        <source>AWS (production)</source>
        <translation>AWS (produção)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sandbox (testing)</source>
        <translation>Sandbox (testes)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation>Catálogo</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stages</source>
        <translation>Estágios</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Review statuses</source>
        <translation>Status da revisão</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Catalo&amp;g</source>
        <translation>Catálo&amp;go</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>S&amp;tage</source>
        <translation>Es&amp;tágio</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Review stat&amp;us</source>
        <translation>Status da &amp;revisão</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>One name per line (up to %1)</source>
        <translation>Um nome por linha (até %1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company names, one per line</source>
        <translation>Nomes de empresas, um por linha</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>C&amp;ompany names</source>
        <translation>N&amp;omes de empresas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Matched by the service, not by PartnerDesk; AWS does not document how (exact, prefix or case).</source>
        <translation>A correspondência é feita pelo serviço, não pelo PartnerDesk; a AWS não documenta como (exata, por prefixo ou por maiúsculas).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>O1234567 O7654321 … (up to %1)</source>
        <translation>O1234567 O7654321 … (até %1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunity identifiers</source>
        <translation>Identificadores de oportunidades</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Identifiers</source>
        <translation>&amp;Identificadores</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+2"/>
        <source>Created</source>
        <translation>Criação</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Last modified</source>
        <translation>Última modificação</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Target close date</source>
        <translation>Data de fechamento prevista</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sort by</source>
        <translation>Ordenar por</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sort order</source>
        <translation>Ordem</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sort &amp;by</source>
        <translation>Ordenar &amp;por</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Server-side filters</source>
        <translation>Filtros do servidor</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Apply</source>
        <translation>Ap&amp;licar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filters also apply by themselves shortly after each change.</source>
        <translation>Os filtros também são aplicados sozinhos pouco depois de cada alteração.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply filters</source>
        <translation>Aplicar filtros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reset</source>
        <translation>Rede&amp;finir</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reset filters</source>
        <translation>Redefinir filtros</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>“%1”</source>
        <comment>a company name as sent</comment>
        <translation>“%1”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent to the service: %1</source>
        <translation>Enviado ao serviço: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LanguageSettings</name>
    <message>
        <location filename="../ui/languagesettings.cpp" line="+158"/>
        <source>Lan&amp;guage</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>As the &amp;System (%1)</source>
        <translation>Como o &amp;sistema (%1)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PartnerDesk will use the new language the next time it starts.</source>
        <translation>O PartnerDesk usará o novo idioma na próxima vez que for iniciado.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LocalCopy</name>
    <message>
        <location filename="../ui/localcopy.cpp" line="+566"/>
        <source>A sync of this local copy is running in another PartnerDesk window; these rows are as of its last sync.</source>
        <translation>Uma sincronização desta cópia local está em andamento em outra janela do PartnerDesk; estas linhas são da última sincronização dela.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>just now</source>
        <translation>agora mesmo</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>há %n min</numerusform>
            <numerusform>há %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n h ago</source>
        <translation>
            <numerusform>há %n h</numerusform>
            <numerusform>há %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n days ago</source>
        <translation>
            <numerusform>há %n dia</numerusform>
            <numerusform>há %n dias</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not synced yet</source>
        <translation>Ainda não sincronizada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synced %1</source>
        <translation>Sincronizada %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Local copy · synced %1</source>
        <translation>Cópia local · sincronizada às %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LocalCopyDialog</name>
    <message>
        <location filename="../ui/localcopydialog.cpp" line="+25"/>
        <source>Local Copy</source>
        <translation>Cópia local</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keep a local copy of the opportunities</source>
        <translation>&amp;Manter uma cópia local das oportunidades</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PartnerDesk opens at once on the last synced rows, filters and sorts them without asking the service, and shows what changed.</source>
        <translation>O PartnerDesk abre na hora com as últimas linhas sincronizadas, filtra e ordena essas linhas sem consultar o serviço e mostra o que mudou.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default: PartnerDesk&apos;s data folder</source>
        <translation>Padrão: pasta de dados do PartnerDesk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Procurar…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Local copy folder</source>
        <translation>Pasta da cópia local</translation>
    </message>
    <message>
        <location line="+13"/>
        <source> days</source>
        <translation> dias</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>When PartnerDesk &amp;starts</source>
        <translation>Quando o PartnerDesk &amp;iniciar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Every</source>
        <translation>&amp;A cada</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> minutes</source>
        <translation> minutos</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Only by &amp;hand (View › Refresh, F5)</source>
        <translation>Só ma&amp;nualmente (Exibir › Atualizar, F5)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Offer a full sync once a &amp;week</source>
        <translation>Oferecer uma sincronização &amp;completa uma vez por semana</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A full sync lists every opportunity again and marks the ones you can no longer see as removed.</source>
        <translation>Uma sincronização completa lista todas as oportunidades de novo e marca como removidas as que você não consegue mais ver.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No local copy is open.</source>
        <translation>Nenhuma cópia local está aberta.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In use: %1</source>
        <translation>Em uso: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Forget Local Data…</source>
        <translation>&amp;Esquecer os dados locais…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deletes the local copy and its history of changes. The service&apos;s data is not touched.</source>
        <translation>Exclui a cópia local e o histórico de alterações dela. Os dados do serviço não são afetados.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Folder:</source>
        <translation>Pasta:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep history for:</source>
        <translation>Manter o histórico por:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync:</source>
        <translation>Sincronização:</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Forget Local Data</source>
        <translation>Esquecer os dados locais</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the local copy of the opportunities and its history of changes?</source>
        <translation>Excluir a cópia local das oportunidades e o histórico de alterações dela?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service&apos;s data is not touched; the next sync lists everything again.</source>
        <translation>Os dados do serviço não são afetados; a próxima sincronização lista tudo de novo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Delete</source>
        <translation>&amp;Excluir</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="+86"/>
        <location line="+680"/>
        <source>PartnerDesk</source>
        <translation>PartnerDesk</translation>
    </message>
    <message>
        <location line="-675"/>
        <source>The proxy password: %1</source>
        <translation>Senha do proxy: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Table</source>
        <translation>Tabela</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Filters</source>
        <translation>Filtros</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Details</source>
        <translation>Detalhes</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Changes</source>
        <translation>Alterações</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>DEMO</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo mode: generated opportunities from PartnerDesk&apos;s built-in emulator. Nothing is sent to AWS.</source>
        <translation>Modo de demonstração: oportunidades geradas pelo emulador integrado do PartnerDesk. Nada é enviado à AWS.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Demo mode</source>
        <translation>Modo de demonstração</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Filters, sorting and the quick filter work on the local copy of every opportunity, without asking the service.</source>
        <translation>Os filtros, a ordenação e o filtro rápido funcionam na cópia local de todas as oportunidades, sem consultar o serviço.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sorted: loaded rows only  ✕</source>
        <translation>Ordenado: só linhas carregadas  ✕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This column cannot be sorted by the service, so only the rows loaded so far are sorted. Click to return to the service&apos;s order.</source>
        <translation>O serviço não consegue ordenar por esta coluna, então só as linhas já carregadas são ordenadas. Clique para voltar à ordem do serviço.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sorted locally, loaded rows only. Press to clear.</source>
        <translation>Ordenado localmente, só linhas carregadas. Pressione para limpar.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Only the loaded rows of the part of the pipeline picked in a chart, or of an attention view. Click to show every row again.</source>
        <translation>Só as linhas carregadas da parte do pipeline escolhida em um gráfico, ou de uma visualização de atenção. Clique para mostrar todas as linhas de novo.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Filter loaded rows (Ctrl+F)</source>
        <translation>Filtrar linhas carregadas (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quick filter over the loaded rows</source>
        <translation>Filtro rápido nas linhas carregadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Searches the rows already loaded: id, partner CRM id, company, stage, review status, type, industry, city, country and next steps. Use the Filters panel to ask the service.</source>
        <translation>Pesquisa nas linhas já carregadas: ID, ID do CRM do parceiro, empresa, estágio, status da revisão, tipo, setor, cidade, país e próximos passos. Use o painel Filtros para consultar o serviço.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportar…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write the opportunities to a CSV file</source>
        <translation>Gravar as oportunidades em um arquivo CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select &amp;All Loaded Rows</source>
        <translation>Selecionar &amp;todas as linhas carregadas</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Find in Loaded Rows</source>
        <translation>Locali&amp;zar nas linhas carregadas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Edit Filters</source>
        <translation>&amp;Editar filtros</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;View</source>
        <translation>E&amp;xibir</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Table</source>
        <translation>&amp;Tabela</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>P&amp;ipeline</source>
        <translation>P&amp;ipeline</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Atualizar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Load All Pages</source>
        <translation>&amp;Carregar todas as páginas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Stop Loading</source>
        <translation>&amp;Parar o carregamento</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reset &amp;Columns</source>
        <translation>Redefinir c&amp;olunas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset &amp;Window Layout</source>
        <translation>Redefinir o &amp;layout da janela</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Settings</source>
        <translation>&amp;Configurações</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Connection…</source>
        <translation>&amp;Conexão…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Profiles…</source>
        <translation>&amp;Perfis…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Local Copy…</source>
        <translation>Cópia &amp;local…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About PartnerDesk</source>
        <translation>&amp;Sobre o PartnerDesk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About &amp;Qt</source>
        <translation>Sobre o &amp;Qt</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Loading</source>
        <translation>Carregando</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel loading</source>
        <translation>Cancelar o carregamento</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load More</source>
        <translation>Carregar mais</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load the next page</source>
        <translation>Carregar a próxima página</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel Sync</source>
        <translation>Cancelar a sincronização</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Filtered to %1. Press to show every row.</source>
        <translation>Filtrado por %1. Pressione para mostrar todas as linhas.</translation>
    </message>
    <message numerus="yes">
        <location line="+81"/>
        <source>Exported %n opportunities to %1</source>
        <translation>
            <numerusform>%n oportunidade exportada para %1</numerusform>
            <numerusform>%n oportunidades exportadas para %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>Exportação cancelada; nada foi gravado.</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>The last full sync is more than a week old. A full sync also finds the opportunities you can no longer see.</source>
        <translation>A última sincronização completa tem mais de uma semana. Uma sincronização completa também encontra as oportunidades que você não consegue mais ver.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fu&amp;ll Sync</source>
        <translation>Sincronização co&amp;mpleta</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Try Agai&amp;n</source>
        <translation>Tentar de no&amp;vo</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The sync failed; the rows shown are from the last one. %1</source>
        <translation>A sincronização falhou; as linhas exibidas são da anterior. %1</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n opportunities became Action Required or Rejected: %1</source>
        <translation>
            <numerusform>%n oportunidade passou para “Ação necessária” ou “Rejeitada”: %1</numerusform>
            <numerusform>%n oportunidades passaram para “Ação necessária” ou “Rejeitada”: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The local copy could not be deleted: %1</source>
        <translation>Não foi possível excluir a cópia local: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deleted the local copy %1</source>
        <translation>Cópia local %1 excluída</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>SANDBOX · test data</source>
        <translation>SANDBOX · dados de teste</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>AWS · production</source>
        <translation>AWS · produção</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog %1: every request names this catalog. Change it in the Filters panel.</source>
        <translation>Catálogo %1: toda solicitação indica este catálogo. Altere-o no painel Filtros.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Catalog: %1</source>
        <translation>Catálogo: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>PartnerDesk — %1 catalog (demo)</source>
        <translation>PartnerDesk — catálogo %1 (demonstração)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PartnerDesk — %1 catalog</source>
        <translation>PartnerDesk — catálogo %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Not connected</source>
        <translation>Não conectado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No opportunities match these filters</source>
        <translation>Nenhuma oportunidade atende a esses filtros</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 loaded · more available</source>
        <translation>%1 carregadas · há mais</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 loaded · more coming</source>
        <translation>%1 carregadas · mais a caminho</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 loaded · all</source>
        <translation>%1 carregadas · todas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> · %1 shown</source>
        <translation> · %1 exibidas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Waiting for quota…</source>
        <translation>Aguardando cota…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The service asked PartnerDesk to slow down (ThrottlingException); it retries by itself.</source>
        <translation>O serviço pediu ao PartnerDesk que diminuísse o ritmo (ThrottlingException); a solicitação é repetida automaticamente.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading all pages…</source>
        <translation>Carregando todas as páginas…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading page…</source>
        <translation>Carregando página…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Syncing: waiting for quota…</source>
        <translation>Sincronizando: aguardando cota…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syncing… %1 rows</source>
        <translation>Sincronizando… %1 linhas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opening the local copy…</source>
        <translation>Abrindo a cópia local…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Last page: %1 ms</source>
        <translation>Última página: %1 ms</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fetched %1</source>
        <translation>Obtido às %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>First page of this listing fetched %1</source>
        <translation>Primeira página desta listagem obtida em %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::NoticeBar</name>
    <message>
        <location filename="../ui/noticebar.cpp" line="+24"/>
        <location line="+1"/>
        <source>Dismiss</source>
        <translation>Dispensar</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::OpportunityExporter</name>
    <message>
        <location filename="../ui/opportunityexporter.cpp" line="+108"/>
        <source>There is no table to export.</source>
        <translation>Não há tabela para exportar.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No file name was given.</source>
        <translation>Nenhum nome de arquivo foi informado.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“%1” cannot be written: %2</source>
        <translation>Não é possível gravar “%1”: %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Not connected: the remaining pages cannot be loaded. Export the loaded rows instead, or connect first.</source>
        <translation>Não conectado: as páginas restantes não podem ser carregadas. Exporte as linhas carregadas ou conecte-se primeiro.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Not every page could be loaded, so nothing was written: %1</source>
        <translation>Nem todas as páginas puderam ser carregadas, então nada foi gravado: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading stopped before the last page (the filters changed or loading was stopped), so nothing was written.</source>
        <translation>O carregamento parou antes da última página (os filtros mudaram ou o carregamento foi interrompido), então nada foi gravado.</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+51"/>
        <source>The table was closed during the export.</source>
        <translation>A tabela foi fechada durante a exportação.</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>The table was reloaded during the export, so nothing was written.</source>
        <translation>A tabela foi recarregada durante a exportação, então nada foi gravado.</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+25"/>
        <location line="+19"/>
        <source>Writing “%1” failed: %2</source>
        <translation>Falha ao gravar “%1”: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::OpportunityTableView</name>
    <message>
        <location filename="../ui/opportunitytableview.cpp" line="+124"/>
        <source>Opportunities</source>
        <translation>Oportunidades</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>&amp;Copy Cell</source>
        <translation>&amp;Copiar célula</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy &amp;Rows with Headers</source>
        <translation>Copiar &amp;linhas com cabeçalhos</translation>
    </message>
    <message>
        <location line="+164"/>
        <source>Columns</source>
        <translation>Colunas</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Reset Columns to Default</source>
        <translation>&amp;Restaurar colunas padrão</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::PipelineChartView</name>
    <message>
        <location filename="../ui/pipelinechartview.cpp" line="+29"/>
        <location line="+138"/>
        <source>Copy Chart</source>
        <translation>Copiar gráfico</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Export Chart…</source>
        <translation>Exportar gráfico…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PNG image (*.png)</source>
        <translation>Imagem PNG (*.png)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SVG drawing (*.svg)</source>
        <translation>Desenho SVG (*.svg)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+10"/>
        <source>Export Chart</source>
        <translation>Exportar gráfico</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::PipelineView</name>
    <message>
        <location filename="../ui/pipelineview.cpp" line="+112"/>
        <source>Spend currency:</source>
        <translation>Moeda do gasto:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Currency of the monthly spend chart</source>
        <translation>Moeda do gráfico de gasto mensal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Count Every Opportunity</source>
        <translation>Contar todas as oportunidades</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load the remaining pages of the listing (View › Load All Pages), so the charts count every matching opportunity.</source>
        <translation>Carregar as páginas restantes da listagem (Exibir › Carregar todas as páginas) para que os gráficos contem todas as oportunidades correspondentes.</translation>
    </message>
    <message numerus="yes">
        <location line="+245"/>
        <source>%n opportunities loaded so far</source>
        <translation>
            <numerusform>%n oportunidade carregada até agora</numerusform>
            <numerusform>%n oportunidades carregadas até agora</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n opportunities</source>
        <translation>
            <numerusform>%n oportunidade</numerusform>
            <numerusform>%n oportunidades</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n spend entries without a valid amount left out</source>
        <translation>
            <numerusform>%n gasto sem valor válido omitido</numerusform>
            <numerusform>%n gastos sem valor válido omitidos</numerusform>
        </translation>
    </message>
    <message>
        <location line="-222"/>
        <location line="+343"/>
        <source>Opportunities by stage and review status</source>
        <translation>Oportunidades por estágio e status da revisão</translation>
    </message>
    <message numerus="yes">
        <location line="+57"/>
        <source>%1 · %2: %n opportunities</source>
        <translation>
            <numerusform>%1 · %2: %n oportunidade</numerusform>
            <numerusform>%1 · %2: %n oportunidades</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>In this stage: %n opportunities</source>
        <translation>
            <numerusform>Neste estágio: %n oportunidade</numerusform>
            <numerusform>Neste estágio: %n oportunidades</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Monthly spend in this stage: %1</source>
        <translation>Gasto mensal neste estágio: %1</translation>
    </message>
    <message>
        <location line="-404"/>
        <location line="+422"/>
        <source>Monthly expected spend by stage</source>
        <translation>Gasto mensal previsto por estágio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monthly expected spend by stage (%1)</source>
        <translation>Gasto mensal previsto por estágio (%1)</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1 × 10^%2</source>
        <translation>%1 × 10^%2</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%1: %2 monthly, from %n spend entries</source>
        <translation>
            <numerusform>%1: %2 por mês, de %n gasto</numerusform>
            <numerusform>%1: %2 por mês, de %n gastos</numerusform>
        </translation>
    </message>
    <message>
        <location line="-464"/>
        <location line="+476"/>
        <source>Open opportunities by target close month</source>
        <translation>Oportunidades abertas por mês de fechamento previsto</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+95"/>
        <source>Overdue</source>
        <translation>Atrasadas</translation>
    </message>
    <message>
        <location line="-93"/>
        <source>Due</source>
        <translation>A vencer</translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>%1: %n open opportunities</source>
        <translation>
            <numerusform>%1: %n oportunidade aberta</numerusform>
            <numerusform>%1: %n oportunidades abertas</numerusform>
        </translation>
    </message>
    <message>
        <location line="-499"/>
        <location line="+507"/>
        <source>Time since the last change</source>
        <translation>Tempo desde a última alteração</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunities</source>
        <translation>Oportunidades</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Changed %1 ago: %n opportunities</source>
        <translation>
            <numerusform>Alterada há %1: %n oportunidade</numerusform>
            <numerusform>Alteradas há %1: %n oportunidades</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Closed-lost reasons: none in these rows</source>
        <translation>Motivos da perda: nenhum nestas linhas</translation>
    </message>
    <message>
        <location line="-529"/>
        <location line="+530"/>
        <source>Closed-lost reasons</source>
        <translation>Motivos da perda</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>%1: %n closed-lost opportunities (%2 %)</source>
        <translation>
            <numerusform>%1: %n oportunidade perdida (%2%)</numerusform>
            <numerusform>%1: %n oportunidades perdidas (%2%)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>(no stage)</source>
        <translation>(sem estágio)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no review status)</source>
        <translation>(sem status da revisão)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Later</source>
        <translation>Depois</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>0–7 days</source>
        <translation>0–7 dias</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>8–30 days</source>
        <translation>8–30 dias</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>31–90 days</source>
        <translation>31–90 dias</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>91+ days</source>
        <translation>91+ dias</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no reason)</source>
        <translation>(sem motivo)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no currency)</source>
        <translation>(sem moeda)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stage: %1 · Review: %2</source>
        <translation>Estágio: %1 · Revisão: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stage: %1 · Spend in %2</source>
        <translation>Estágio: %1 · Gasto em %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Target close: %1</source>
        <translation>Fechamento previsto: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last change: %1 ago</source>
        <translation>Última alteração: há %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed lost: %1</source>
        <translation>Perdida: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ProfilesDialog</name>
    <message>
        <location filename="../ui/profilesdialog.cpp" line="+62"/>
        <source>Profiles</source>
        <translation>Perfis</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PartnerDesk profiles</source>
        <translation>Perfis do PartnerDesk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New</source>
        <translation>&amp;Novo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New profile</source>
        <translation>Novo perfil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>De&amp;lete</source>
        <translation>E&amp;xcluir</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the selected profile</source>
        <translation>Excluir o perfil selecionado</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>AWS CLI profiles, read-only</source>
        <translation>Perfis da AWS CLI, somente leitura</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From %1 and %2. Change them with “aws configure”.</source>
        <translation>De %1 e %2. Altere-os com “aws configure”.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Partner&amp;Desk profiles</source>
        <translation>Perfis do Partner&amp;Desk</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A&amp;WS CLI profiles (read-only)</source>
        <translation>Perfis da A&amp;WS CLI (somente leitura)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Profile name</source>
        <translation>Nome do perfil</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Access key ID</source>
        <translation>ID da chave de acesso</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Secret access key</source>
        <translation>Chave de acesso secreta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stored only in the system keychain.</source>
        <translation>Guardada somente no chaveiro do sistema.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stored only in the system keychain, never in a settings file.</source>
        <translation>Guardada somente no chaveiro do sistema, nunca em um arquivo de configurações.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Session token (optional)</source>
        <translation>Token de sessão (opcional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only for temporary credentials</source>
        <translation>Somente para credenciais temporárias</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Region (optional)</source>
        <translation>Região (opcional)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Endpoint URL (optional)</source>
        <translation>URL do endpoint (opcional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The region&apos;s standard endpoint</source>
        <translation>O endpoint padrão da região</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Na&amp;me:</source>
        <translation>No&amp;me:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Access &amp;key ID:</source>
        <translation>&amp;ID da chave de acesso:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Secret access key:</source>
        <translation>Chave de acesso &amp;secreta:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session t&amp;oken:</source>
        <translation>T&amp;oken de sessão:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Region:</source>
        <translation>&amp;Região:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Endpoint URL:</source>
        <translation>URL do &amp;endpoint:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sa&amp;ve</source>
        <translation>Sal&amp;var</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the profile</source>
        <translation>Salvar o perfil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Test Connection</source>
        <translation>&amp;Testar conexão</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test the connection for both catalogs</source>
        <translation>Testar a conexão com os dois catálogos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lists one opportunity of each catalog (AWS and Sandbox).</source>
        <translation>Lista uma oportunidade de cada catálogo (AWS e Sandbox).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Use This Profile</source>
        <translation>&amp;Usar este perfil</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect with this profile</source>
        <translation>Conectar com este perfil</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Connection test result</source>
        <translation>Resultado do teste de conexão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy IAM &amp;Policy</source>
        <translation>Copiar &amp;política do IAM</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy a least-privilege IAM policy</source>
        <translation>Copiar uma política do IAM de privilégio mínimo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copies a policy that allows partnercentral:ListOpportunities on the AWS and Sandbox catalogs.</source>
        <translation>Copia uma política que permite partnercentral:ListOpportunities nos catálogos AWS e Sandbox.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The IAM policy is on the clipboard.</source>
        <translation>A política do IAM está na área de transferência.</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>New PartnerDesk profile</source>
        <translation>Novo perfil do PartnerDesk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The secret access key and the session token are stored in the %1; the other fields in PartnerDesk&apos;s settings.</source>
        <translation>A chave de acesso secreta e o token de sessão ficam guardados no %1; os demais campos, nas configurações do PartnerDesk.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>AWS CLI profile “%1”</source>
        <translation>Perfil da AWS CLI “%1”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read-only here. PartnerDesk uses it as the AWS CLI would.</source>
        <translation>Somente leitura aqui. O PartnerDesk o usa como a AWS CLI usaria.</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+129"/>
        <source>PartnerDesk profile “%1”</source>
        <translation>Perfil do PartnerDesk “%1”</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Reading the secrets of %1 from the %2…</source>
        <translation>Lendo os segredos de %1 no %2…</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>An AWS CLI profile is already called %1, and it would take precedence. Choose another name.</source>
        <translation>Já existe um perfil da AWS CLI chamado %1, e ele teria prioridade. Escolha outro nome.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A PartnerDesk profile called %1 already exists.</source>
        <translation>Já existe um perfil do PartnerDesk chamado %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the access key ID.</source>
        <translation>Digite o ID da chave de acesso.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the secret access key.</source>
        <translation>Digite a chave de acesso secreta.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+114"/>
        <source>“%1” is not a valid region name.</source>
        <translation>“%1” não é um nome de região válido.</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>“%1” is not a valid endpoint URL.</source>
        <translation>“%1” não é um URL de endpoint válido.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Saving %1…</source>
        <translation>Salvando %1…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Profile %1 saved; its secret access key is in the %2.</source>
        <translation>Perfil %1 salvo; a chave de acesso secreta dele está no %2.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Delete Profile</source>
        <translation>Excluir perfil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the profile %1 and its secrets in the %2?</source>
        <translation>Excluir o perfil %1 e os segredos dele no %2?</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Delete</source>
        <translation>&amp;Excluir</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deleting %1…</source>
        <translation>Excluindo %1…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Profile %1 deleted.</source>
        <translation>Perfil %1 excluído.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Enter the access key ID and the secret access key first.</source>
        <translation>Digite primeiro o ID da chave de acesso e a chave de acesso secreta.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>the keys entered here</source>
        <translation>as chaves digitadas aqui</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Testing %1 (region %2)…</source>
        <translation>Testando %1 (região %2)…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Catalog %1: testing…</source>
        <translation>Catálogo %1: testando…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Connection test passed.</source>
        <translation>Teste de conexão aprovado.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection test failed.</source>
        <translation>O teste de conexão falhou.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::SavedViewsDialog</name>
    <message>
        <location filename="../ui/savedviewsdialog.cpp" line="+22"/>
        <source>Manage Views</source>
        <translation>Gerenciar visualizações</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved views</source>
        <translation>Visualizações salvas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Apply</source>
        <translation>Ap&amp;licar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Rename…</source>
        <translation>&amp;Renomear…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>&amp;Excluir</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>E&amp;xportar…</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+3"/>
        <source>Rename View</source>
        <translation>Renomear visualização</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>New name:</source>
        <translation>Novo nome:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“%1” is empty or already the name of a view.</source>
        <translation>“%1” está vazio ou já é o nome de uma visualização.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete View</source>
        <translation>Excluir visualização</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete the view “%1”?</source>
        <translation>Excluir a visualização “%1”?</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+4"/>
        <source>Export View</source>
        <translation>Exportar visualização</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>PartnerDesk views (*.pdview.json *.json)</source>
        <translation>Visualizações do PartnerDesk (*.pdview.json *.json)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 (start view)</source>
        <translation>%1 (visualização inicial)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&amp;Clear Start View</source>
        <translation>Re&amp;mover a visualização inicial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set as &amp;Start View</source>
        <translation>&amp;Definir como visualização inicial</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::StageProgressStrip</name>
    <message>
        <location filename="../ui/stageprogressstrip.cpp" line="+22"/>
        <source>Stage progress</source>
        <translation>Progresso dos estágios</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Closed lost</source>
        <translation>Perdida</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage %1 of %2: %3</source>
        <translation>Estágio %1 de %2: %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No stage</source>
        <translation>Sem estágio</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ViewsMenu</name>
    <message>
        <location filename="../ui/viewsmenu.cpp" line="+54"/>
        <source>PartnerDesk views (*.pdview.json *.json)</source>
        <translation>Visualizações do PartnerDesk (*.pdview.json *.json)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Vie&amp;ws</source>
        <translation>Visuali&amp;zações</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Save Current View…</source>
        <translation>&amp;Salvar a visualização atual…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Manage Views…</source>
        <translation>&amp;Gerenciar visualizações…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import View…</source>
        <translation>&amp;Importar visualização…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport Current View…</source>
        <translation>E&amp;xportar a visualização atual…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Copy as AWS CLI Command</source>
        <translation>&amp;Copiar como comando da AWS CLI</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the aws partnercentral-selling list-opportunities command for the filters the service applies; filters on the loaded rows follow as a comment</source>
        <translation>Copiar o comando aws partnercentral-selling list-opportunities para os filtros que o serviço aplica; os filtros nas linhas carregadas vêm como comentário</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+182"/>
        <source>Saved views: %1</source>
        <translation>Visualizações salvas: %1</translation>
    </message>
    <message>
        <location line="-121"/>
        <source>View “%1” applied</source>
        <translation>Visualização “%1” aplicada</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Cannot read %1: %2</source>
        <translation>Não é possível ler %1: %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The view could not be saved.</source>
        <translation>Não foi possível salvar a visualização.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot write %1: %2</source>
        <translation>Não é possível gravar %1: %2</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>quick filter “%1”</source>
        <translation>filtro rápido “%1”</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 (start view)</source>
        <translation>%1 (visualização inicial)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Save Current View</source>
        <translation>Salvar a visualização atual</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of the view (filters, local filter, columns and sort):</source>
        <translation>Nome da visualização (filtros, filtro local, colunas e ordenação):</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>View “%1” saved</source>
        <translation>Visualização “%1” salva</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Import View</source>
        <translation>Importar visualização</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import failed: %1</source>
        <translation>Falha na importação: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>View</source>
        <translation>Visualização</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Current View</source>
        <translation>Exportar a visualização atual</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exported to %1</source>
        <translation>Exportado para %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>AWS CLI command copied</source>
        <translation>Comando da AWS CLI copiado</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::WelcomeDialog</name>
    <message>
        <location filename="../ui/welcomedialog.cpp" line="+19"/>
        <location line="+6"/>
        <source>Welcome to PartnerDesk</source>
        <translation>Boas-vindas ao PartnerDesk</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PartnerDesk found no AWS credentials: no keys in the environment, no AWS CLI profile in ~/.aws and no PartnerDesk profile.

Set up a profile with an access key (the secret goes to the system keychain), or look around with generated demo data first; nothing is sent to AWS in the demo.</source>
        <translation>O PartnerDesk não encontrou credenciais da AWS: nenhuma chave no ambiente, nenhum perfil da AWS CLI em ~/.aws e nenhum perfil do PartnerDesk.

Configure um perfil com uma chave de acesso (a chave secreta vai para o chaveiro do sistema) ou explore primeiro com dados de demonstração gerados; na demonstração, nada é enviado à AWS.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Set Up a Profile…</source>
        <translation>&amp;Configurar um perfil…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Try the &amp;Demo</source>
        <translation>Experimentar a &amp;demonstração</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Later</source>
        <translation>&amp;Mais tarde</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+71"/>
        <source>Browse, filter and inspect AWS Partner Central opportunities.</source>
        <translation>Navegue, filtre e consulte as oportunidades do AWS Partner Central.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Browse generated demo data served by a built-in emulator; nothing is sent to AWS.</source>
        <translation>Navegar por dados de demonstração gerados por um emulador integrado; nada é enviado à AWS.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Use the AWS CLI or PartnerDesk profile &lt;name&gt;.</source>
        <translation>Usar o perfil da AWS CLI ou do PartnerDesk &lt;name&gt;.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the AWS region &lt;region&gt;.</source>
        <translation>Usar a região da AWS &lt;region&gt;.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>region</source>
        <translation>region</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send requests to &lt;url&gt; instead of the region&apos;s endpoint.</source>
        <translation>Enviar as solicitações para &lt;url&gt; em vez do endpoint da região.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use the language &lt;code&gt; (en, de, fr, es, ja, pt_BR) instead of the system&apos;s or the saved one.</source>
        <translation>Usar o idioma &lt;code&gt; (en, de, fr, es, ja, pt_BR) em vez do idioma do sistema ou do salvo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open on the &lt;view&gt;: table (default) or pipeline.</source>
        <translation>Abrir na visualização &lt;view&gt;: table (padrão) ou pipeline.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>view</source>
        <translation>view</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Unknown view &apos;%1&apos;: choose table or pipeline.</source>
        <translation>Visualização &quot;%1&quot; desconhecida: escolha table ou pipeline.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The demo service did not start: %1</source>
        <translation>O serviço de demonstração não foi iniciado: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Demo data</source>
        <translation>Dados de demonstração</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PartnerDesk</source>
        <translation>PartnerDesk</translation>
    </message>
</context>
</TS>
